package dev.parley.server.federation;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;

/**
 * A real peer server (Debian's Prosody or ejabberd) started by {@code scripts/peers} in a directory of its own, on free
 * loopback ports, with Parley's rooms as its component: what a deployment that adds Parley to its server runs.
 */
final class PeerFixture implements AutoCloseable {
    final String server;
    final Path dir;
    final int c2sPort;
    final int componentPort;
    final String secret = "component-" + Long.toHexString(System.nanoTime());
    final String rooms;
    /** The peer server's own domain: its users' JIDs. */
    final String domain = "peer.localhost";

    /** With server-to-server too (Prosody): its s2s port, and where it reaches Parley's domain (and its rooms'). */
    final int s2sPort;
    final String parleyDomain;
    final int parleyS2sPort;

    PeerFixture(String server, String rooms) throws Exception {
        this(server, rooms, null, 0);
    }

    /** ejabberd with {@code nodes} Parley nodes connecting as its component (users balanced over them by bare JID). */
    static PeerFixture ejabberdFor(int nodes, String rooms) throws Exception {
        return new PeerFixture("ejabberd", rooms, null, 0, nodes);
    }

    private final int nodes;
    /** For scripts/peers: PEER_TLS_CERT, PEER_TLS_KEY, PEER_TLS_CA when the peer's certificate comes from a test CA. */
    private final Map<String, String> env;

    /** Prosody with server-to-server to Parley, its certificate {@code certAndKey} issued by the authority {@code ca}. */
    static PeerFixture prosodyWithCertificate(String parleyDomain, int parleyS2sPort, Path[] certAndKey, Path ca) throws Exception {
        return new PeerFixture("prosody", "unused.peer.localhost", parleyDomain, parleyS2sPort, 1,
                Map.of("PEER_TLS_CERT", certAndKey[0].toString(), "PEER_TLS_KEY", certAndKey[1].toString(), "PEER_TLS_CA", ca.toString()));
    }

    PeerFixture(String server, String rooms, String parleyDomain, int parleyS2sPort) throws Exception {
        this(server, rooms, parleyDomain, parleyS2sPort, 1);
    }

    private PeerFixture(String server, String rooms, String parleyDomain, int parleyS2sPort, int nodes) throws Exception {
        this(server, rooms, parleyDomain, parleyS2sPort, nodes, Map.of());
    }

    private PeerFixture(String server, String rooms, String parleyDomain, int parleyS2sPort, int nodes, Map<String, String> env)
            throws Exception {
        this.nodes = nodes;
        this.env = env;
        this.server = server;
        this.rooms = rooms;
        this.parleyDomain = parleyDomain;
        this.parleyS2sPort = parleyS2sPort;
        this.s2sPort = parleyDomain == null ? 0 : freePort();
        this.dir = Files.createTempDirectory("parley-peer-" + server);
        this.c2sPort = freePort();
        int component;
        do { // ejabberd takes the port after it for its Erlang distribution
            component = freePort();
        } while (!free(component + 1));
        this.componentPort = component;
        start();
    }

    void start() throws Exception {
        if (parleyDomain == null && server.equals("ejabberd")) {
            run(env, "start", server, dir.toString(), String.valueOf(c2sPort), String.valueOf(componentPort), secret, rooms, domain, String.valueOf(nodes));
        } else if (parleyDomain == null) run(env, "start", server, dir.toString(), String.valueOf(c2sPort), String.valueOf(componentPort), secret, rooms, domain);
        else run(env, "start", server, dir.toString(), String.valueOf(c2sPort), String.valueOf(componentPort), secret, rooms, domain,
                String.valueOf(s2sPort), parleyDomain, String.valueOf(parleyS2sPort));
    }

    void stop() throws Exception {
        run(env, "stop", server, dir.toString());
    }

    /** A user of the peer server, registered in-band (XEP-0077) and logged in over plain c2s on loopback. */
    XMPPTCPConnection user(String name) throws Exception {
        XMPPTCPConnection r = connection(name);
        r.connect();
        AccountManager am = AccountManager.getInstance(r);
        am.sensitiveOperationOverInsecureConnection(true);
        try {
            am.createAccount(Localpart.from(name), name + "-pass");
        } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException exists) {
            // registered by an earlier login of this test: the same password
        }
        r.login();
        // Smack sends the initial presence as login returns, without waiting for it: a message to the user's bare JID
        // (an invitation from a room) could reach the server before it made the user available, RFC 6121 §8.5.2.1. The
        // server handles the stream in order: once it has answered a ping, the presence is in.
        dev.parley.server.NodeFixture.available(r);
        return r;
    }

    private XMPPTCPConnection connection(String name) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain(domain).setHost("127.0.0.1")
                .setPort(c2sPort).setSecurityMode(SecurityMode.disabled).setUsernameAndPassword(name, name + "-pass").setResource("peer")
                .setConnectTimeout(10000).build());
        c.setReplyTimeout(10000);
        return c;
    }

    String log() {
        try {
            Path log = dir.resolve(server.equals("prosody") ? "prosody.log" : "logs/ejabberd.log");
            if (!Files.exists(log)) return "(no log)";
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int freePort() throws IOException {
        return dev.parley.server.FreePorts.pick();
    }

    private static boolean free(int port) {
        try {
            new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress()).close();
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void run(Map<String, String> env, String... args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("scripts/peers"))) root = root.getParent();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/peers").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("scripts/peers " + String.join(" ", args) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
