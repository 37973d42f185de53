package dev.parley.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/run}: starts one node in the foreground. Options override the configuration file. */
@Command(name = "scripts/run", mixinStandardHelpOptions = true, version = "Parley 0.1.0-SNAPSHOT",
        description = "Starts one Parley node in the foreground: the XMPP server and, with the MUC issue, its chat rooms.",
        subcommands = UsersCommand.class)
public final class Main implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file (default: cluster-config/application.conf when present).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the database and the generated certificate live (default: data).")
    Path dataDir;

    @Option(names = "--domain", description = "The XMPP domain served (default: localhost).")
    String domain;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the listeners bind (default: 0.0.0.0).")
    String bind;

    @Option(names = "--c2s-port", paramLabel = "PORT", description = "Client TCP port with STARTTLS (default 5222; -1 disables).")
    Integer c2sPort;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "Client direct-TLS port, XEP-0368 (default 5223; -1 disables).")
    Integer tlsPort;

    @Option(names = "--websocket-port", paramLabel = "PORT", description = "XMPP over WebSocket port, RFC 7395 (default 5280; -1 disables).")
    Integer websocketPort;

    @Option(names = "--s2s-port", paramLabel = "PORT", description = "Server-to-server port, RFC 6120 (default 5269; 0 disables).")
    Integer s2sPort;

    @Option(names = "--allow-plaintext-on-loopback", description = "Let loopback clients skip STARTTLS (for load tests).")
    boolean plaintextOnLoopback;

    @Option(names = "--allow-anonymous", description = "Offer SASL ANONYMOUS.")
    boolean anonymous;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /**
     * The configuration: {@code -D} system properties (as Typesafe Config's own loader does), then command-line
     * options, then the file, then environment and reference defaults.
     */
    Config loadConfig() {
        Map<String, Object> overrides = new HashMap<>();
        if (dataDir != null) overrides.put("parley.data-dir", dataDir.toString());
        if (domain != null) overrides.put("parley.domain", domain);
        if (bind != null) overrides.put("parley.c2s.bind-address", bind);
        if (c2sPort != null) overrides.put("parley.c2s.port", c2sPort);
        if (tlsPort != null) overrides.put("parley.c2s.direct-tls-port", tlsPort);
        if (websocketPort != null) overrides.put("parley.c2s.websocket-port", websocketPort);
        if (s2sPort != null) overrides.put("parley.s2s.port", s2sPort);
        if (plaintextOnLoopback) overrides.put("parley.c2s.allow-plaintext-on-loopback", true);
        if (anonymous) overrides.put("parley.c2s.allow-anonymous", true);
        Path file = config != null ? config : Path.of("cluster-config/application.conf");
        Config fromFile = Files.exists(file) ? ConfigFactory.parseFile(file.toFile()) : ConfigFactory.empty();
        if (config != null && !Files.exists(file)) throw new CommandLine.ParameterException(new CommandLine(this), "no such file: " + file);
        return ConfigFactory.systemProperties().withFallback(ConfigFactory.parseMap(overrides)).withFallback(fromFile).withFallback(Node.defaults()).resolve();
    }

    @Override
    public Integer call() throws Exception {
        Node node = Node.start(loadConfig());
        ServerSettings s = node.settings();
        System.out.printf("Parley is serving %s (chat rooms at %s); data in %s. Stop with Ctrl-C.%n",
                s.domain(), s.mucService(), s.dataDir().toAbsolutePath());
        System.out.println("Running on " + JavaRuntime.describe() + ".");
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            asked.set(true);
            node.close();
            stopped.countDown();
        }, "parley-shutdown"));
        // the node may also stop by itself: the cluster downed it, or it fenced itself after a freeze
        node.whenTerminated().thenRun(stopped::countDown);
        stopped.await();
        if (asked.get()) return 0;
        System.err.println("Parley's node stopped by itself (downed by the cluster, or fenced after a freeze): see the log");
        return 3;
    }
}
