package dev.parley.loadtest.chaos;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * The local cluster {@code scripts/cluster} runs: its directory, its node count, the client port of each node
 * (with PARLEY_CLUSTER_PORT_OFFSET), the certificate every node presents, and the script itself to act on it.
 */
final class Nodes {
    private final Path repo;
    private final Path dir;
    private final int offset;
    private final X509TrustManager trust;

    Nodes(Path repo, Path dir, int offset) throws Exception {
        this.repo = repo;
        this.dir = dir;
        this.offset = offset;
        this.trust = trusting(dir.resolve("node-1/tls/localhost.crt"));
    }

    int count() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("nodes")).strip());
        } catch (Exception e) {
            throw new IllegalStateException("no cluster in " + dir + " (scripts/cluster start first)", e);
        }
    }

    int c2sPort(int k) {
        return 5222 + offset + 10 * (k - 1);
    }

    XMPPTCPConnection login(int k, String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain("localhost").setHost("127.0.0.1")
                .setPort(c2sPort(k)).setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust)
                .setUsernameAndPassword(user, user + "-pass").setResource(resource).setConnectTimeout(5000).build());
        c.setReplyTimeout(10000);
        try {
            c.connect().login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return c;
    }

    /** Runs {@code scripts/cluster ARGS} against this cluster; its output. */
    String cluster(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "scripts/cluster";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("PARLEY_SKIP_BUILD", "1");
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
        if (p.exitValue() != 0) throw new IllegalStateException("scripts/cluster " + String.join(" ", args) + ": " + out.strip());
        return out;
    }

    /** The node hosting the room now, or 0. */
    int hostOf(String room) {
        try {
            String where = cluster("where", room).strip();
            return where.matches("node \\d+") ? Integer.parseInt(where.substring(5)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    static X509TrustManager trusting(Path certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            ks.setCertificateEntry("parley", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}
