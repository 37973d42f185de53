package dev.parley.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.TestNotPossible;
import org.junit.jupiter.api.Test;

/**
 * Smack's XMPP integration test suite (sinttest 4.5.0-beta5) against a node started here with the
 * embedded default: a fresh data directory, in-band registration on (the suite creates its accounts
 * with XEP-0077 and removes them at the end), STARTTLS required, the node's self-signed certificate
 * trusted. The suite has no port setting and connects to 5222 on 127.0.0.1, so the node listens there.
 *
 * <p>What runs and what is excluded, and why, is in {@link SuiteSelection}. Every test that runs must
 * pass; the summary names each failure with its reason.
 */
class SmackIntegrationSuiteTest {
    @Test
    void theSuitePasses() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-sinttest");
        Map<String, Object> settings = new HashMap<>();
        settings.put("parley.domain", "localhost");
        settings.put("parley.data-dir", dataDir.toString());
        settings.put("parley.c2s.bind-address", "127.0.0.1");
        settings.put("parley.c2s.port", 5222);
        settings.put("parley.s2s.port", 0);
        settings.put("parley.c2s.direct-tls-port", 0);
        settings.put("parley.c2s.websocket-port", 0);
        settings.put("parley.cluster.port", 0);
        settings.put("parley.scram-iterations", 4096);
        // the suite registers its accounts in-band, all from loopback
        settings.put("parley.c2s.address-limits-exempt-loopback", true);
        // The suite registers the accounts of its later (low-level) tests over one connection it opens at the
        // start and keeps unauthenticated: the node's 60 s limit for authenticating would close it mid-run.
        settings.put("parley.c2s.auth-timeout", "30 minutes");
        Config config = ConfigFactory.parseMap(settings).withFallback(Node.defaults()).resolve();
        Node node = Node.start(config);
        try {
            System.setProperty("sinttest.service", "localhost");
            System.setProperty("sinttest.host", "127.0.0.1");
            System.setProperty("sinttest.securityMode", "required");
            // Smack 4.5.0-beta5 initialises the pinned SSLContext again with the default trust managers, so
            // the serviceTlsPin setting alone does not make it trust the node's self-signed certificate:
            // the JVM's default trust store does, holding that certificate only.
            trustOnly(dataDir.resolve("tls/localhost.crt"), dataDir.resolve("sinttest-truststore.p12"));
            System.setProperty("sinttest.replyTimeout", "10000");
            System.setProperty("sinttest.enabledConnections", SuiteSelection.CONNECTIONS);
            System.setProperty("sinttest.testPackages", String.join(",", SuiteSelection.PACKAGES));
            List<String> enabled = SuiteSelection.enabledTests();
            // -Dparley.sinttest.only=Class.method,… runs just those (to study one failure; the debugger with -Dsinttest.debugger=console)
            String only = System.getProperty("parley.sinttest.only", "");
            if (!only.isBlank()) enabled.retainAll(List.of(only.split(",")));
            System.setProperty("sinttest.enabledTests", String.join(",", enabled));
            SuiteSelection.EXCLUDED.forEach((test, why) -> System.out.println("excluded (Smack race): " + test + ": " + why));
            SuiteSelection.WITHOUT_FEATURE.forEach((test, why) -> System.out.println("excluded (feature Parley lacks): " + test + ": " + why));
            SmackIntegrationTestFramework.TestRunResult result = new SmackIntegrationTestFramework(Configuration.newConfiguration(new String[0])).run();

            List<String> failures = new ArrayList<>();
            for (FailedTest f : result.getFailedTests()) failures.add(f.concreteTest + ": " + f.failureReason);
            result.getImpossibleTestClasses().forEach((c, why) -> System.out.println("not possible (class): " + c.getName() + ": " + why));
            for (TestNotPossible n : result.getNotPossibleTests()) System.out.println("not possible: " + n.concreteTest + ": " + n.testNotPossibleException.getMessage());
            System.out.printf("sinttest: %d selected, %d excluded (%d Smack races, %d features Parley lacks), %d available, %d passed, %d failed, %d not possible, %d classes not possible%n",
                    enabled.size(), SuiteSelection.EXCLUDED.size() + SuiteSelection.WITHOUT_FEATURE.size(), SuiteSelection.EXCLUDED.size(),
                    SuiteSelection.WITHOUT_FEATURE.size(), result.getNumberOfAvailableTests(), result.getSuccessfulTests().size(),
                    result.getFailedTests().size(), result.getNotPossibleTests().size(), result.getImpossibleTestClasses().size());
            assertTrue(failures.isEmpty(), () -> "failed:\n" + String.join("\n", failures));
        } finally {
            node.close();
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Makes {@code pem} the one certificate the JVM's default trust managers trust. */
    private static void trustOnly(Path pem, Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("parley", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, "sinttest".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "sinttest");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }
}
