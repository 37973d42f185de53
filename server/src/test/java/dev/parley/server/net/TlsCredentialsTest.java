package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import dev.parley.server.ServerSettings;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-signed certificate a node makes on its first start, with the JDK alone (RFC 5280 §4.1, written out by
 * {@link SelfSignedCertificate}): the JDK parses it and verifies its signature, and a node without Bouncy Castle on
 * its class path makes it and its three TLS contexts.
 */
class TlsCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theCertificateIsOneTheJdkParsesAndVerifies() throws Exception {
        SelfSignedCertificate.generate("example.org", dir.resolve("example.org.crt"), dir.resolve("example.org.key"));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("example.org.crt")));
        cert.verify(cert.getPublicKey()); // self-signed: its own key signed it
        cert.checkValidity(new Date());
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> List.of(san.get(0), san.get(1))).toList())
                .containsExactly(List.of(2, "example.org"), List.of(2, "*.example.org")); // dNSName
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactly("2.5.29.19");
        assertThat(cert.getNotAfter().toInstant()).isAfter(new Date().toInstant().plusSeconds(9L * 365 * 86400));
        assertThat(cert.getSerialNumber().signum()).isEqualTo(1);

        String pem = Files.readString(dir.resolve("example.org.key"));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.getPosixFilePermissions(dir.resolve("example.org.key")).stream().map(Object::toString).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        String base64 = pem.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        var key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertThat(key.getModulus()).isEqualTo(((RSAPublicKey) cert.getPublicKey()).getModulus());
    }

    @Test
    void anInternationalisedDomainIsNamedInALabels() throws Exception {
        SelfSignedCertificate.generate("bücher.example", dir.resolve("b.crt"), dir.resolve("b.key"));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("b.crt"))));
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList())
                .containsExactly("xn--bcher-kva.example", "*.xn--bcher-kva.example");
    }

    /**
     * In a JVM of its own, on the tests' class path less Bouncy Castle (which only the tests use): a node's first
     * start makes its certificate and its three TLS contexts, and loads no Bouncy Castle class doing so.
     */
    @Test
    void aNodeMakesItsCertificateAndTlsWithoutBouncyCastle() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.contains("bouncycastle")).collect(Collectors.joining(File.pathSeparator));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(java, "-verbose:class", "-cp", classPath, Contexts.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(out);
        assertThat(p.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).isZero();
        assertThat(dir.resolve("tls/localhost.crt")).exists();
        assertThat(lines).anyMatch(l -> l.contains("io.netty.handler.ssl.JdkSslServerContext "));
        assertThat(lines).noneMatch(l -> l.contains("org.bouncycastle."));
    }

    /** A node's three TLS contexts for the data directory {@code args[0]}. */
    public static final class Contexts {
        public static void main(String[] args) {
            ServerSettings s = ServerSettings.from(ConfigFactory.parseMap(Map.of("parley.data-dir", args[0])).withFallback(Node.defaults()).resolve());
            TlsContexts.serverContext(s);
            TlsContexts.s2sServerContext(s);
            TlsContexts.s2sClientContext(s);
        }
    }
}
