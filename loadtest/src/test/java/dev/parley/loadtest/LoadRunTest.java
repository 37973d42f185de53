package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
        settings.put("parley.c2s.direct-tls-port", 0);
        settings.put("parley.c2s.websocket-port", 0);
        settings.put("parley.c2s.allow-anonymous", true);
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
        ServerProcess self = ServerProcess.of(Long.toString(ProcessHandle.current().pid()), null);
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
        assertThat(r.timeline().deliveries().stream().mapToLong(Long::longValue).sum()).isEqualTo(8 * 3 * 8);
        assertThat(HtmlReport.of(r)).contains("<svg").contains("Throughput over time").contains("Latency distribution");
        assertThat(TextReport.of(r)).contains("192 of 192 expected deliveries");
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
