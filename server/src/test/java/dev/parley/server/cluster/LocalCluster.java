package dev.parley.server.cluster;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;

/**
 * A local cluster of real node processes, as a person runs it: {@code scripts/cluster} with a PostgreSQL of its
 * own, its ports moved by an offset (so that a cluster a developer runs on the default ports, or another test's,
 * is not disturbed), and Smack clients connected to any node.
 */
final class LocalCluster implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("parley.repository", "..")).toAbsolutePath().normalize();

    final Path dir;
    final int offset;
    final int pgPort;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    LocalCluster(String name, int offset, int pgPort) throws Exception {
        this.dir = Files.createTempDirectory(name);
        this.offset = offset;
        this.pgPort = pgPort;
    }

    /** Runs {@code scripts/...} against this cluster; fails with the nodes' last log lines when it fails. */
    String run(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(REPO.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PARLEY_CLUSTER_DIR", dir.toString());
        env.put("PARLEY_CLUSTER_PORT_OFFSET", Integer.toString(offset));
        env.put("PARLEY_PG_PORT", Integer.toString(pgPort));
        env.put("PARLEY_SKIP_BUILD", "1"); // the jar this build just packaged
        env.put("PARLEY_ADDRESS_LIMITS_EXEMPT_LOOPBACK", "true"); // its users register and connect from loopback
        env.put("PARLEY_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(240, TimeUnit.SECONDS)) p.destroyForcibly();
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out + logs());
        return out;
    }

    /** The last lines of every node's log. */
    String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= 5; k++) {
            Path log = dir.resolve("node-" + k + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                b.append("\n--- node ").append(k).append(" ---\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return b.toString();
    }

    /** Every node's log lines that mention {@code needle}, or are warnings or errors: what a failed test prints. */
    String logsMentioning(String needle) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= 5; k++) {
            Path log = dir.resolve("node-" + k + ".log");
            if (!Files.exists(log)) continue;
            b.append("\n--- node ").append(k).append(" ---");
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("===") || line.contains(needle) || line.contains(" WARN ") || line.contains(" ERROR ")) {
                    b.append('\n').append(line, 0, Math.min(line.length(), 400));
                }
            }
        }
        return b.toString();
    }

    /** The node (1-based) that hosts the room now, as {@code scripts/cluster where} says. */
    int hostOf(String roomJid) throws Exception {
        String where = run("scripts/cluster", "where", roomJid).strip();
        return where.matches("node \\d+") ? Integer.parseInt(where.substring(5)) : 0;
    }

    /** Whether node {@code k}'s process is alive (ready or not: it may be starting, or shutting down). */
    boolean processAlive(int k) throws Exception {
        Path pid = dir.resolve("node-" + k + ".pid");
        if (!Files.exists(pid)) return false;
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).map(ProcessHandle::isAlive).orElse(false);
    }

    int c2sPort(int k) {
        return 5222 + offset + 10 * (k - 1);
    }

    /** Every node presents the certificate node 1 generated. */
    X509TrustManager trust() throws Exception {
        return dev.parley.server.NodeFixture.trusting(dir.resolve("node-1/tls/localhost.crt"));
    }

    XMPPTCPConnection connect(int k, String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain("localhost").setHost("127.0.0.1")
                .setPort(c2sPort(k)).setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust())
                .setUsernameAndPassword(user, user + "-pass").setResource(resource).setConnectTimeout(10000).build());
        c.setReplyTimeout(10000);
        open.add(c);
        c.connect();
        return c;
    }

    /** Registers in-band (XEP-0077) on node {@code registerOn}, then logs in on node {@code k}: the accounts are shared. */
    XMPPTCPConnection user(int registerOn, int k, String user, String resource) throws Exception {
        XMPPTCPConnection r = connect(registerOn, user, "register");
        AccountManager am = AccountManager.getInstance(r);
        am.sensitiveOperationOverInsecureConnection(false);
        am.createAccount(Localpart.from(user), user + "-pass");
        r.disconnect();
        open.remove(r);
        return login(k, user, resource);
    }

    /** Logs an existing account in on node {@code k}. */
    XMPPTCPConnection login(int k, String user, String resource) throws Exception {
        XMPPTCPConnection c = connect(k, user, resource);
        c.login();
        org.jivesoftware.smackx.ping.PingManager.getInstanceFor(c).pingMyServer(true);
        return c;
    }

    void disconnectAll() {
        for (XMPPTCPConnection c : open) c.disconnect();
        open.clear();
    }

    /** Stops the clients, the nodes and PostgreSQL, and deletes the cluster's directory. */
    @Override
    public void close() throws Exception {
        disconnectAll();
        try {
            run("scripts/cluster", "stop");
        } finally {
            if (System.getProperty("parley.keep-cluster-dir") != null) {
                System.out.println("the cluster's directory, logs and database are kept in " + dir);
                return;
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
