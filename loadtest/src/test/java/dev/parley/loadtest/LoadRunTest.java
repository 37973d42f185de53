package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario against a real node on loopback, small and bounded: the generator logs in (registering,
 * over STARTTLS), creates and enters the rooms, acts, and counts every delivery it expects.
 */
class LoadRunTest {
    static Node node;
    static Path dataDir;

    @BeforeAll
    static void startNode() throws Exception {
        dataDir = Files.createTempDirectory("parley-loadtest");
        Map<String, Object> settings = new HashMap<>();
        settings.put("parley.domain", "localhost");
        settings.put("parley.data-dir", dataDir.toString());
        settings.put("parley.c2s.bind-address", "127.0.0.1");
        settings.put("parley.c2s.port", 0);
        settings.put("parley.s2s.port", 0);
        settings.put("parley.c2s.direct-tls-port", 0);
        settings.put("parley.c2s.websocket-port", 0);
        settings.put("parley.c2s.allow-anonymous", true);
        settings.put("parley.muc.occupant-message-rate", 0); // as cluster-config/loadtest.conf: load, not abuse
        settings.put("parley.c2s.address-limits-exempt-loopback", true);
        settings.put("parley.scram-iterations", 4096);
        settings.put("parley.cluster.port", 0);
        Config config = ConfigFactory.parseMap(settings).withFallback(Node.defaults()).resolve();
        node = Node.start(config);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    static Result run(String scenario, String accounts, String mech, int clients, int rooms, int actions, double rate) throws Exception {
        Target target = new Target("127.0.0.1", node.c2sPort(), "localhost", "conference.localhost", "starttls", false, true, mech);
        Settings s = new Settings(target, Accounts.of(accounts, "lt" + scenario.replace("-", "") + "%d", "secret", 1), Scenario.of(scenario),
                clients, rooms, actions, rate, 0, 0, 80, 20, 60, 10, 1, "t" + scenario.replace("-", ""), scenario);
        ServerProcess self = ServerProcess.of(List.of(Long.toString(ProcessHandle.current().pid())), List.of());
        return new LoadRun(s, self, new PrintStream(OutputStream.nullOutputStream()), false).run();
    }

    @Test
    void publicRoomHammerDeliversEveryMessageToEveryOccupant() throws Exception {
        Result r = run("hammer", "register", "PLAIN", 8, 1, 3, 10);
        assertThat(r.errors()).isEmpty();
        assertThat(r.counts().loggedIn()).isEqualTo(8);
        assertThat(r.counts().registered()).isEqualTo(8);
        assertThat(r.counts().joined()).isEqualTo(8);
        assertThat(r.counts().sent()).isEqualTo(8 * 3);
        assertThat(r.counts().expectedDeliveries()).isEqualTo(8 * 3 * 8); // §7.4: every occupant, the sender included
        assertThat(r.counts().delivered()).isEqualTo(8 * 3 * 8);
        assertThat(r.messageLatencyMs().count()).isEqualTo(8 * 3 * 8);
        assertThat(r.server().cpuMicrosPerDelivery()).isPositive();
        // this JVM is the server here: its JIT compiler threads are found, whatever they did during the actions
        assertThat(r.server().cpuSecondsActionsJitCompiler()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(r.server().cpuMicrosPerDeliveryWithoutJitCompiler()).isNotNull();
        assertThat(r.timeline().deliveries().stream().mapToLong(Long::longValue).sum()).isEqualTo(8 * 3 * 8);
        assertThat(HtmlReport.of(r)).contains("<svg").contains("Throughput over time").contains("Latency distribution");
        assertThat(TextReport.of(r)).contains("192 of 192 expected deliveries");
    }

    @Test
    void clientsSpreadRoundRobinOverTheTargetsAndTheServerIsSummedOverItsPids() throws Exception {
        // two addresses of the one node stand for two nodes: localhost is 127.0.0.1 too
        Target first = new Target("127.0.0.1", node.c2sPort(), "localhost", "conference.localhost", "starttls", false, true, "PLAIN");
        List<Target> targets = List.of(first, first.at("localhost", node.c2sPort()));
        Settings s = new Settings(targets, Accounts.of("register", "lttargets%d", "secret", 1), Scenario.HAMMER, 9, 1, 2, 10, 0, 0, 80, 20, 60, 10,
                1, "ttargets", "targets");
        // the node runs in this JVM; a sleeping process stands for a second node
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            long self = ProcessHandle.current().pid();
            ServerProcess server = ServerProcess.of(List.of(Long.toString(self), Long.toString(other.pid())), List.of());
            Result r = new LoadRun(s, server, new PrintStream(OutputStream.nullOutputStream()), false).run();
            assertThat(r.errors()).isEmpty();
            assertThat(r.counts().delivered()).isEqualTo(9 * 2 * 9).isEqualTo(r.counts().expectedDeliveries());
            String a = "127.0.0.1:" + node.c2sPort(), b = "localhost:" + node.c2sPort();
            // clients 0, 2, 4, 6 and 8 at the first, 1, 3, 5 and 7 at the second
            assertThat(r.targets()).containsExactly(new Result.TargetClients(a, 5, 5, 5), new Result.TargetClients(b, 4, 4, 4));
            assertThat(r.target()).startsWith(a + ", " + b);
            assertThat(TextReport.of(r)).contains("targets        " + a + " 5 clients (5 connected, 5 logged in); " + b + " 4 clients (4 connected, 4 logged in)");

            // the server's figures are the sums of its processes', each of which the result keeps
            Result.Server srv = r.server();
            assertThat(srv.pids()).containsExactly(self, other.pid());
            assertThat(srv.perPid()).extracting(Result.PidFigures::pid).containsExactly(self, other.pid());
            Result.PidFigures jvm = srv.perPid().get(0), sleeping = srv.perPid().get(1);
            assertThat(srv.cpuSecondsActions()).isPositive().isCloseTo(jvm.cpuSecondsActions() + sleeping.cpuSecondsActions(), within(1e-9));
            assertThat(srv.cpuSecondsLogin()).isCloseTo(jvm.cpuSecondsLogin() + sleeping.cpuSecondsLogin(), within(1e-9));
            assertThat(srv.cpuSecondsJoin()).isCloseTo(jvm.cpuSecondsJoin() + sleeping.cpuSecondsJoin(), within(1e-9));
            assertThat(srv.cpuMicrosPerDelivery()).isPositive().isCloseTo(jvm.cpuMicrosPerDelivery() + sleeping.cpuMicrosPerDelivery(), within(1e-6));
            assertThat(sleeping.cpuSecondsActions()).isLessThan(jvm.cpuSecondsActions());
            assertThat(srv.rssMbEnd()).isCloseTo(jvm.rssMbEnd() + sleeping.rssMbEnd(), within(1e-6));
            assertThat(srv.rssMbStart()).isCloseTo(jvm.rssMbStart() + sleeping.rssMbStart(), within(1e-6));
            assertThat(jvm.rssMbPeak()).isGreaterThanOrEqualTo(jvm.rssMbEnd());
            assertThat(sleeping.rssMbPeak()).isPositive();
            assertThat(TextReport.of(r)).contains("(summed over the 2 processes)").contains("  pid " + other.pid());

            // the JSON keeps the summed figures under their names, and each pid's beside them
            var json = Main.mapper().readTree(Main.mapper().writeValueAsBytes(r));
            assertThat(json.path("server").path("cpuMicrosPerDelivery").asDouble()).isEqualTo(srv.cpuMicrosPerDelivery());
            assertThat(json.path("server").path("perPid")).hasSize(2);
            assertThat(json.path("server").path("perPid").get(1).path("pid").asLong()).isEqualTo(other.pid());
            assertThat(json.path("targets").get(1).path("clients").asLong()).isEqualTo(4);
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyRoomsWithScramAndAllAtOnce() throws Exception {
        Result r = run("rooms", "register", "SCRAM-SHA-256", 9, 3, 2, 0);
        assertThat(r.errors()).isEmpty();
        assertThat(r.counts().joined()).isEqualTo(9);
        assertThat(r.counts().delivered()).isEqualTo(9 * 2 * 3).isEqualTo(r.counts().expectedDeliveries());
    }

    @Test
    void joinStormWithAnonymousClients() throws Exception {
        Result r = run("join-storm", "anonymous", "auto", 12, 1, 0, 1);
        assertThat(r.errors()).isEmpty();
        assertThat(r.counts().joined()).isEqualTo(12);
        assertThat(r.joinTimeMs().count()).isEqualTo(12);
        assertThat(r.counts().sent()).isZero();
        // each client saw every occupant's presence once, its own included (XEP-0045 §7.2.3): most of them are
        // counted from their bytes, the own one (110) parsed
        assertThat(r.counts().presencesReceived()).isGreaterThanOrEqualTo(12 * 12);
    }

    @Test
    void presenceChurnChangesStatusAndNickname() throws Exception {
        Result r = run("churn", "register", "auto", 6, 2, 4, 20);
        assertThat(r.errors()).isEmpty();
        assertThat(r.counts().presenceChanges()).isEqualTo(6 * 4);
        // each occupant sees the others' changes: 3 per room, each change reaching 3 (a nick change is two presences)
        assertThat(r.counts().presencesReceived()).isGreaterThan(6 * 4);
    }

    @Test
    void mixedTalksChurnsAndRejoins() throws Exception {
        Result r = run("mixed", "register", "auto", 10, 1, 3, 10);
        assertThat(r.errors()).isEmpty();
        assertThat(r.counts().rejoins()).isEqualTo(3); // client 9 leaves and comes back three times
        assertThat(r.counts().presenceChanges()).isEqualTo(3); // client 8
        assertThat(r.counts().sent()).isEqualTo(8 * 3);
        // each message reaches the nine who never leave; the rejoiner gets it only if it is in at that moment
        assertThat(r.counts().delivered()).isBetween(8L * 3 * 9, 8L * 3 * 10);
    }

    @Test
    void aWrongPasswordIsCountedByItsCondition() throws Exception {
        run("hammer", "register", "PLAIN", 1, 1, 0, 1); // creates lthammer1 with "secret"
        Target target = new Target("127.0.0.1", node.c2sPort(), "localhost", "conference.localhost", "starttls", false, true, "PLAIN");
        Settings s = new Settings(target, Accounts.of("existing", "lthammer%d", "wrong", 1), Scenario.HAMMER, 1, 1, 0, 1, 0, 0, 80, 20, 30, 5, 1,
                "wrongpw", "wrong password");
        Result r = new LoadRun(s, null, new PrintStream(OutputStream.nullOutputStream()), false).run();
        assertThat(r.counts().loggedIn()).isZero();
        assertThat(r.errors()).containsEntry("sasl:not-authorized", 1L);
        // the client that failed is not asked to join: the run ends without waiting for it (it once waited
        // until --max-seconds when the failed client's channel had not closed yet)
        assertThat(r.notes()).noneMatch(n -> n.contains("--max-seconds"));
    }
}
