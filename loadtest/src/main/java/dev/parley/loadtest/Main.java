package dev.parley.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/loadtest}: runs one scenario against one server and reports what it measured. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {Compare.class, Calibrate.class},
        description = {"An XMPP load generator for multi-user chat: thousands of clients from one process, bounded in count and time.",
                "Scenarios: hammer (N clients in one room, M messages each at r/s), rooms (N clients over R rooms), join-storm (N clients join one",
                "room at once), churn (M presence changes each: status and nickname), mixed (80% talk, 10% churn, 10% leave and rejoin)."})
public final class Main implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server host (default ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "5222", description = "c2s port (default ${DEFAULT-VALUE})")
    int port;
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
    @Option(names = "--pid", description = "the server's pid(s), comma-separated, for its CPU and memory from /proc")
    String pid;
    @Option(names = "--pidfile", description = "file(s) holding the server's pid, comma-separated")
    String pidFile;
    @Option(names = "--label", description = "a name for this run in the reports (default: the scenario)")
    String label;
    @Option(names = "--json", description = "write the results as JSON to this file")
    Path json;
    @Option(names = "--html", description = "write an HTML report (throughput over time, latency percentiles) to this file")
    Path html;
    @Option(names = "--allow-remote", description = "allow a host other than this machine (only ever against a server you run)")
    boolean allowRemote;
    @Option(names = "--max-clients", defaultValue = "20000", description = "refuse more clients than this (default ${DEFAULT-VALUE})")
    int maxClients;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Target target = new Target(host, port, domain, muc, tls, sm, trustAll, mech);
        if (!allowRemote && !target.isLoopback()) {
            System.err.println("refusing " + host + ": not this machine (add --allow-remote against a server you run)");
            return 2;
        }
        if (clients > maxClients) {
            System.err.println("refusing " + clients + " clients: more than --max-clients " + maxClients);
            return 2;
        }
        Scenario sc = Scenario.of(scenario);
        int actions = msgs != null ? msgs : sc == Scenario.JOIN_STORM ? 0 : 20;
        String prefix = roomPrefix != null ? roomPrefix : "lt" + Long.toString(System.currentTimeMillis(), 36);
        Settings settings = new Settings(target, Accounts.of(accounts, userPattern, password, firstUser), sc, clients, rooms, actions, rate, rampUp,
                duration, size, Math.max(1, concurrency), maxSeconds, drain, Math.max(1, threads), prefix, label != null ? label : sc.cliName);
        ServerProcess server = ServerProcess.of(pid, pidFile);
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
