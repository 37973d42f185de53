package dev.parley.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/loadtest}: runs one scenario against one server, or against the nodes of a cluster (the
 * clients spread round-robin over them), and reports what it measured.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {Compare.class, Calibrate.class},
        description = {"An XMPP load generator for multi-user chat: thousands of clients from one process, bounded in count and time.",
                "Scenarios: hammer (N clients in one room, M messages each at r/s), rooms (N clients over R rooms), join-storm (N clients join one",
                "room at once), churn (M presence changes each: status and nickname), mixed (80%% talk, 10%% churn, 10%% leave and rejoin).",
                "Against a cluster, give each node as --target HOST:PORT (client i goes to target i %% targets) and each node's pid to --pid: "
                        + "the server's CPU and memory are then summed over the nodes."})
public final class Main implements Callable<Integer> {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 5222;

    @Option(names = {"--target", "--targets"}, paramLabel = "HOST:PORT", split = ",",
            description = "a server, or a cluster node, to connect to instead of --host; repeat it or separate with commas (--targets h1:p1,h2:p2) "
                    + "for several, and the clients spread round-robin over them (client i goes to target i %% targets). An IPv6 address in "
                    + "brackets ([::1]:5222); without :PORT, at --port. Every target must be this machine unless --allow-remote")
    List<String> targets = new ArrayList<>();
    @Option(names = "--host", description = "server host, when no --target is given (default " + DEFAULT_HOST + ")")
    String host;
    @Option(names = "--port", description = "c2s port of --host, and of a --target given without one (default " + DEFAULT_PORT + ")")
    Integer port;
    @Option(names = "--domain", defaultValue = "localhost", description = "XMPP domain (default ${DEFAULT-VALUE})")
    String domain;
    @Option(names = "--muc", defaultValue = "conference.localhost", description = "MUC service (default ${DEFAULT-VALUE})")
    String muc;
    @Option(names = "--tls", defaultValue = "starttls", description = "none, starttls or direct (default ${DEFAULT-VALUE})")
    String tls;
    @Option(names = "--trust-all", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "accept any server certificate, as a self-signed one on loopback (default ${DEFAULT-VALUE})")
    boolean trustAll;
    @Option(names = "--sm", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "enable XEP-0198 stream management when offered (default ${DEFAULT-VALUE})")
    boolean sm;
    @Option(names = "--mech", defaultValue = "auto",
            description = "SASL mechanism: auto (PLAIN where offered, else SCRAM-SHA-256, else SCRAM-SHA-1), PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256 (default ${DEFAULT-VALUE})")
    String mech;
    @Option(names = "--accounts", defaultValue = "register",
            description = "register (XEP-0077, existing ones are used), existing, anonymous (SASL ANONYMOUS) or file:PATH (user:password lines) (default ${DEFAULT-VALUE})")
    String accounts;
    @Option(names = "--user-pattern", defaultValue = "user%d", description = "usernames, %%d the client's number (default ${DEFAULT-VALUE})")
    String userPattern;
    @Option(names = "--first-user", defaultValue = "1", description = "the number of the first client's account (default ${DEFAULT-VALUE})")
    int firstUser;
    @Option(names = "--password", defaultValue = "pass", description = "the accounts' password (default ${DEFAULT-VALUE})")
    String password;
    @Option(names = "--scenario", defaultValue = "hammer", description = "hammer, rooms, join-storm, churn or mixed (default ${DEFAULT-VALUE})")
    String scenario;
    @Option(names = {"--clients", "-n"}, defaultValue = "50", description = "clients (default ${DEFAULT-VALUE})")
    int clients;
    @Option(names = {"--rooms", "-r"}, defaultValue = "10", description = "rooms, for rooms, churn and mixed (default ${DEFAULT-VALUE})")
    int rooms;
    @Option(names = {"--msgs", "-m"}, description = "actions per client: messages, presence changes or rejoins (default 20; 0 for join-storm)")
    Integer msgs;
    @Option(names = "--rate", defaultValue = "2", description = "actions per second per client, 0 for all at once (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--ramp-up", defaultValue = "0", description = "seconds over which to spread the connections (default ${DEFAULT-VALUE})")
    int rampUp;
    @Option(names = "--duration", defaultValue = "0", description = "stop the actions after this many seconds, 0 for none (default ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--size", defaultValue = "100", description = "message body bytes (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--concurrency", defaultValue = "100", description = "logins in flight at once (default ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--max-seconds", defaultValue = "300", description = "hard cap on the whole run (default ${DEFAULT-VALUE})")
    int maxSeconds;
    @Option(names = "--drain", defaultValue = "30", description = "seconds to wait for deliveries after the last action (default ${DEFAULT-VALUE})")
    int drain;
    @Option(names = "--threads", defaultValue = "1", description = "event loops, each at most one core (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--room-prefix", description = "rooms are PREFIX-0, PREFIX-1, …; default unique per run")
    String roomPrefix;
    @Option(names = {"--pid", "--pids"}, paramLabel = "PID",
            description = "the server's pid, for its CPU and memory from /proc; for a cluster (or a server of several processes) each node's: "
                    + "repeat it, or separate with commas or spaces (--pid \"$(pgrep -f parley-server.jar)\"). CPU per phase, CPU per delivery and "
                    + "RSS are summed over them; the JSON has each pid's figures too (server.perPid)")
    List<String> pids = new ArrayList<>();
    @Option(names = "--pidfile", paramLabel = "FILE", description = "a file holding the server's pid; repeatable or comma-separated, summed with --pid")
    List<String> pidFiles = new ArrayList<>();
    @Option(names = "--label", description = "a name for this run in the reports (default: the scenario)")
    String label;
    @Option(names = "--json", description = "write the results as JSON to this file")
    Path json;
    @Option(names = "--html", description = "write an HTML report (throughput over time, latency percentiles) to this file")
    Path html;
    @Option(names = "--allow-remote", description = "allow hosts other than this machine, for every target (only ever against servers you run)")
    boolean allowRemote;
    @Option(names = "--max-clients", defaultValue = "20000", description = "refuse more clients than this (default ${DEFAULT-VALUE})")
    int maxClients;

    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }

    /** The command line, which answers a wrong setting (an IllegalArgumentException) with its message and exit code 2. */
    static CommandLine commandLine(Main main) {
        return new CommandLine(main).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            cmd.getErr().println(e.getMessage());
            return 2;
        });
    }

    /**
     * Where the clients connect: the {@code --target}s, or else the one {@code --host} and {@code --port}, as
     * before there were several.
     */
    List<Target> targets() {
        int defaultPort = port != null ? port : DEFAULT_PORT;
        if (targets.isEmpty()) return List.of(new Target(host != null ? host : DEFAULT_HOST, defaultPort, domain, muc, tls, sm, trustAll, mech));
        if (host != null) throw new IllegalArgumentException("--host and --target exclude each other: give each server as --target HOST:PORT");
        return Target.parseAll(targets, defaultPort, new Target(DEFAULT_HOST, defaultPort, domain, muc, tls, sm, trustAll, mech));
    }

    /** Why the generator refuses these targets (those not on this machine, unless {@code allowRemote}); null when it does not. */
    static String refusal(List<Target> targets, boolean allowRemote) {
        if (allowRemote) return null;
        List<String> remote = targets.stream().filter(t -> !t.isLoopback()).map(Target::address).toList();
        if (remote.isEmpty()) return null;
        return "refusing " + String.join(", ", remote) + ": not this machine (add --allow-remote against " + (remote.size() == 1 ? "a server" : "servers")
                + " you run)";
    }

    @Override
    public Integer call() throws Exception {
        List<Target> targetList = targets();
        String refused = refusal(targetList, allowRemote);
        if (refused != null) {
            System.err.println(refused);
            return 2;
        }
        if (clients > maxClients) {
            System.err.println("refusing " + clients + " clients: more than --max-clients " + maxClients);
            return 2;
        }
        Scenario sc = Scenario.of(scenario);
        int actions = msgs != null ? msgs : sc == Scenario.JOIN_STORM ? 0 : 20;
        String prefix = roomPrefix != null ? roomPrefix : "lt" + Long.toString(System.currentTimeMillis(), 36);
        Settings settings = new Settings(targetList, Accounts.of(accounts, userPattern, password, firstUser), sc, clients, rooms, actions, rate, rampUp,
                duration, size, Math.max(1, concurrency), maxSeconds, drain, Math.max(1, threads), prefix, label != null ? label : sc.cliName);
        ServerProcess server = ServerProcess.of(pids, pidFiles);
        Result result = new LoadRun(settings, server, System.err, System.console() != null).run();
        System.out.print(TextReport.of(result));
        if (json != null) {
            mapper().writeValue(json.toFile(), result);
            System.out.println("json           " + json);
        }
        if (html != null) {
            Files.writeString(html, HtmlReport.of(result));
            System.out.println("html           " + html);
        }
        return result.counts().loggedIn() == 0 ? 1 : 0;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
