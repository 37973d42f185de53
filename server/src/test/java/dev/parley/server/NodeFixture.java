package dev.parley.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * A real node for integration tests: loopback only, free ports, its own data directory, fast timeouts.
 * Smack clients trust exactly the certificate the node generated.
 */
public final class NodeFixture implements AutoCloseable {
    public Node node;
    public final Path dataDir;
    private final boolean ownsDataDir;
    private final Config config;

    public NodeFixture() throws Exception {
        this(Map.of());
    }

    /**
     * A node for tests that speak raw XML over sockets: plaintext and SASL ANONYMOUS allowed from loopback, pings
     * out of a test's way (60 s); {@code extra} on top.
     */
    public static NodeFixture forRawClients(Map<String, Object> extra) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true,
                "parley.c2s.ping-interval", "60s"));
        settings.putAll(extra);
        return new NodeFixture(settings);
    }

    public NodeFixture(Map<String, Object> overrides) throws Exception {
        // a data directory given (shared by the nodes of a cluster in one JVM) is not ours to delete
        ownsDataDir = !overrides.containsKey("parley.data-dir");
        dataDir = ownsDataDir ? Files.createTempDirectory("parley-test") : Path.of((String) overrides.get("parley.data-dir"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("parley.domain", "localhost");
        settings.put("parley.data-dir", dataDir.toString());
        settings.put("parley.c2s.bind-address", "127.0.0.1");
        settings.put("parley.c2s.port", 0);
        settings.put("parley.c2s.direct-tls-port", 0);
        settings.put("parley.c2s.websocket-port", 0);
        settings.put("parley.c2s.auth-failure-delay", "50ms");
        settings.put("parley.scram-iterations", 4096);
        settings.put("parley.cluster.port", 0);
        settings.put("parley.s2s.port", 0); // federation tests choose a port of their own
        // tests connect and register many clients from loopback; AddressLimitTest turns this off
        settings.put("parley.c2s.address-limits-exempt-loopback", true);
        settings.putAll(overrides);
        config = ConfigFactory.parseMap(settings).withFallback(Node.defaults()).resolve();
        node = Node.start(config);
    }

    /** Stops the node and starts it again on the same data directory (ports change). */
    public void restart() throws Exception {
        node.close();
        node = Node.start(config);
    }

    public void addUser(String user, String password) {
        node.accounts().create(user, password);
    }

    /** Trusts the node's own certificate (the self-signed one it made, or the one configured), and only it. */
    public X509TrustManager trustManager() throws Exception {
        String configured = node.settings().tlsCertificate();
        return trusting(configured.isBlank() ? dataDir.resolve("tls/" + node.settings().domain() + ".crt") : Path.of(configured));
    }

    /** Trusts the certificate in {@code pem}, and only it. */
    public static X509TrustManager trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("parley", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** A Smack TCP configuration for {@code user}: STARTTLS required, SCRAM-SHA-256 unless told otherwise. */
    public XMPPTCPConnectionConfiguration.Builder tcp(String user, String password) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(node.settings().domain())
                .setHost("127.0.0.1")
                .setPort(node.c2sPort())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trustManager())
                .setUsernameAndPassword(user, password)
                .setConnectTimeout(5000);
    }

    /**
     * Logs in and waits until the server has handled the initial presence Smack sends after login: a ping
     * answered by the server comes after it (the session tells the registry before it answers), so a
     * message to the bare JID sent afterwards finds the resource available (RFC 6121 §8.5.2.1).
     */
    public XMPPTCPConnection login(String user, String password, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(tcp(user, password).setResource(resource).build());
        c.setReplyTimeout(5000);
        c.connect().login();
        available(c);
        return c;
    }

    public static void available(org.jivesoftware.smack.XMPPConnection c) throws Exception {
        if (!org.jivesoftware.smackx.ping.PingManager.getInstanceFor(c).pingMyServer(true)) {
            throw new AssertionError("no answer to ping from " + c);
        }
    }

    @Override
    public void close() throws Exception {
        node.close();
        if (!ownsDataDir) return;
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
