package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Where the clients go: the {@code --target}s, given one by one or as a list, or else the one {@code --host}
 * and {@code --port} as before; each address checked, every target refused unless it is this machine (or
 * {@code --allow-remote}), and client {@code i} at target {@code i % targets}.
 */
class TargetsTest {
    static Main parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    static List<String> addresses(String... args) {
        return parse(args).targets().stream().map(Target::address).toList();
    }

    @Test
    void withoutTargetTheHostAndPortAreTheOneTargetAsBefore() {
        assertThat(addresses()).containsExactly("127.0.0.1:5222");
        assertThat(addresses("--port", "5223")).containsExactly("127.0.0.1:5223");
        assertThat(addresses("--host", "::1", "--port", "5223")).containsExactly("[::1]:5223");
        assertThat(parse("--host", "localhost", "--port", "15222", "--tls", "none", "--domain", "example.test", "--muc", "rooms.example.test",
                "--mech", "PLAIN", "--sm").targets())
                .containsExactly(new Target("localhost", 15222, "example.test", "rooms.example.test", "none", true, true, "PLAIN"));
    }

    @Test
    void targetsAreRepeatedOrListedOrBoth() {
        assertThat(addresses("--target", "127.0.0.1:5222", "--target", "127.0.0.1:5223"))
                .containsExactly("127.0.0.1:5222", "127.0.0.1:5223");
        assertThat(addresses("--targets", "127.0.0.1:5222,127.0.0.1:5223,[::1]:5224"))
                .containsExactly("127.0.0.1:5222", "127.0.0.1:5223", "[::1]:5224");
        assertThat(addresses("--target", "127.0.0.1:5222,127.0.0.2:5222", "--targets", "127.0.0.3:5222", "--target", "localhost:6222"))
                .containsExactly("127.0.0.1:5222", "127.0.0.2:5222", "127.0.0.3:5222", "localhost:6222");
    }

    @Test
    void aTargetWithoutPortIsAtPort() {
        assertThat(addresses("--target", "127.0.0.1", "--target", "[::1]", "--target", "127.0.0.2:7000"))
                .containsExactly("127.0.0.1:5222", "[::1]:5222", "127.0.0.2:7000");
        assertThat(addresses("--port", "6000", "--targets", "127.0.0.1,[::1],127.0.0.2:7000"))
                .containsExactly("127.0.0.1:6000", "[::1]:6000", "127.0.0.2:7000");
    }

    @Test
    void everyTargetHasTheSameServiceAndStreamSettings() {
        List<Target> targets = parse("--targets", "127.0.0.1:5222,[::1]:5223", "--tls", "direct", "--mech", "SCRAM-SHA-256", "--no-trust-all",
                "--domain", "example.test", "--muc", "muc.example.test").targets();
        assertThat(targets).containsExactly(new Target("127.0.0.1", 5222, "example.test", "muc.example.test", "direct", false, false, "SCRAM-SHA-256"),
                new Target("::1", 5223, "example.test", "muc.example.test", "direct", false, false, "SCRAM-SHA-256"));
    }

    @Test
    void aWrongAddressIsRefusedWithItsReason() {
        assertRefused("the port is not a number", "--target", "127.0.0.1:");
        assertRefused("the port is not a number", "--target", "127.0.0.1:xmpp");
        assertRefused("not between 1 and 65535", "--target", "127.0.0.1:0");
        assertRefused("not between 1 and 65535", "--target", "127.0.0.1:65536");
        assertRefused("no host", "--target", ":5222");
        assertRefused("no host", "--target", "[]:5222");
        assertRefused("in brackets", "--target", "::1:5222");
        assertRefused("no closing ]", "--target", "[::1:5222");
        assertRefused("expected :PORT after ]", "--target", "[::1]5222");
        assertRefused("given twice", "--targets", "127.0.0.1:5222,127.0.0.1:5223,127.0.0.1:5222");
        assertRefused("given twice", "--port", "5222", "--target", "127.0.0.1", "--target", "127.0.0.1:5222");
        assertRefused("--host and --target exclude each other", "--host", "127.0.0.1", "--target", "127.0.0.1:5223");
        assertRefused("not between 1 and 65535", "--port", "0");
    }

    private static void assertRefused(String reason, String... args) {
        assertThatThrownBy(() -> parse(args).targets()).as(String.join(" ", args))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void everyTargetMustBeThisMachineUnlessRemoteIsAllowed() {
        assertThat(Main.refusal(parse("--targets", "127.0.0.1:5222,localhost:5223,[::1]:5224").targets(), false)).isNull();
        // one node elsewhere is enough to refuse, and the refusal names each one that is
        List<Target> mixed = parse("--targets", "127.0.0.1:5222,192.0.2.7:5222,[2001:db8::1]:5222").targets();
        assertThat(Main.refusal(mixed, false)).startsWith("refusing 192.0.2.7:5222, [2001:db8::1]:5222: not this machine")
                .doesNotContain("127.0.0.1").contains("--allow-remote");
        assertThat(Main.refusal(mixed, true)).isNull();
        // as before with --host
        assertThat(Main.refusal(parse("--host", "192.0.2.7").targets(), false)).startsWith("refusing 192.0.2.7:5222");
        assertThat(Main.refusal(parse("--host", "192.0.2.7").targets(), true)).isNull();
    }

    @Test
    void theCommandExitsWith2AndSaysWhy() {
        StringWriter err = new StringWriter();
        assertThat(Main.commandLine(new Main()).setErr(new PrintWriter(err, true)).execute("--target", "127.0.0.1:xmpp")).isEqualTo(2);
        assertThat(err.toString()).contains("--target 127.0.0.1:xmpp: the port is not a number").doesNotContain("Exception");
        // refused before connecting anything
        assertThat(Main.commandLine(new Main()).setErr(new PrintWriter(new StringWriter())).execute("--targets", "127.0.0.1:5222,192.0.2.7:5222"))
                .isEqualTo(2);
    }

    @Test
    void clientsGoRoundRobin() throws Exception {
        List<Target> targets = parse("--targets", "127.0.0.1:5222,127.0.0.1:5223,127.0.0.1:5224").targets();
        Settings s = settings(targets, 10);
        assertThat(IntStream.range(0, 10).map(s::targetIndexOf).toArray()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        assertThat(IntStream.range(0, 10).mapToObj(i -> s.targetOf(i).port()).toList())
                .containsExactly(5222, 5223, 5224, 5222, 5223, 5224, 5222, 5223, 5224, 5222);
        assertThat(s.clientsPerTarget()).containsExactly(4, 3, 3);
        assertThat(s.target()).isEqualTo(targets.get(0));
        // fewer clients than targets: the last targets get none
        assertThat(settings(targets, 2).clientsPerTarget()).containsExactly(1, 1, 0);
        // one target: every client at it, as before there were several
        Settings one = settings(parse().targets(), 5);
        assertThat(IntStream.range(0, 5).mapToObj(one::targetOf).distinct().toList()).containsExactly(one.target());
        assertThat(one.clientsPerTarget()).containsExactly(5);
    }

    @Test
    void theTargetsOfARunAreNodesOfOneService() throws Exception {
        Target a = new Target("127.0.0.1", 5222, "localhost", "conference.localhost", "none", false, true, "auto");
        assertThatThrownBy(() -> settings(List.of(a, new Target("127.0.0.1", 5223, "other.test", "conference.other.test", "none", false, true, "auto")), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes of one service");
        assertThatThrownBy(() -> settings(List.of(a, a.at("127.0.0.1", 5222)), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> settings(List.of(), 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHelpTellsOfSeveralTargetsAndPids() {
        String help = new CommandLine(new Main()).setUsageHelpWidth(400).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("--target, --targets=HOST:PORT").contains("client i goes to target i % targets")
                .contains("--pid, --pids=PID").contains("summed over them");
    }

    private static Settings settings(List<Target> targets, int clients) throws Exception {
        return new Settings(targets, Accounts.of("anonymous", "user%d", "pass", 1), Scenario.HAMMER, clients, 1, 0, 1, 0, 0, 80, 10, 30, 5, 1,
                "t", "targets");
    }
}
