package dev.parley.server.net;

import dev.parley.server.ServerSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: from the configured PEM certificate chain and PKCS#8 key, or, when none is
 * configured, from a self-signed certificate for the domain (and its subdomains, for the MUC service)
 * generated on first start and kept in {@code <data-dir>/tls/}. TLS 1.2 and 1.3 only (RFC 7590).
 */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {}

    public static SslContext serverContext(ServerSettings settings) {
        Path[] pair = certificateAndKey(settings);
        try {
            return SslContextBuilder.forServer(pair[0].toFile(), pair[1].toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + pair[0] + " and key " + pair[1], e);
        }
    }

    /**
     * For streams from other servers (RFC 6120 §13.7.2): the same certificate; the peer is asked for its own
     * (for SASL EXTERNAL, XEP-0178) but may present none or one we do not trust: which certificate authenticates
     * which domain is decided after the handshake ({@code s2s/PeerCertificates}), and without one dialback does.
     */
    public static SslContext s2sServerContext(ServerSettings settings) {
        Path[] pair = certificateAndKey(settings);
        try {
            return SslContextBuilder.forServer(pair[0].toFile(), pair[1].toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL)
                    .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + pair[0] + " and key " + pair[1], e);
        }
    }

    /**
     * For streams to other servers: our certificate offered to the peer (for its SASL EXTERNAL), the peer's
     * accepted whatever it is: TLS gives the stream confidentiality, and the peer is authenticated by what we
     * verify ourselves, not by the handshake (our outbound streams authenticate us, not them: RFC 6120 §13.7.1.2).
     */
    public static SslContext s2sClientContext(ServerSettings settings) {
        Path[] pair = certificateAndKey(settings);
        try {
            return SslContextBuilder.forClient()
                    .keyManager(pair[0].toFile(), pair[1].toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + pair[0] + " and key " + pair[1], e);
        }
    }

    private static Path[] certificateAndKey(ServerSettings settings) {
        if (!settings.tlsCertificate().isBlank() && !settings.tlsPrivateKey().isBlank()) {
            return new Path[] {Path.of(settings.tlsCertificate()), Path.of(settings.tlsPrivateKey())};
        }
        Path dir = settings.dataDir().resolve("tls");
        Path cert = dir.resolve(settings.domain() + ".crt");
        Path key = dir.resolve(settings.domain() + ".key");
        synchronized (TlsContexts.class) {
            if (!Files.exists(cert) || !Files.exists(key)) generateSelfSigned(settings.domain(), cert, key);
        }
        return new Path[] {cert, key};
    }

    static void generateSelfSigned(String domain, Path certFile, Path keyFile) {
        try {
            Files.createDirectories(certFile.getParent());
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + domain);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            Files.writeString(certFile, pem(cert));
            Files.writeString(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()));
            try {
                Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Generated a self-signed TLS certificate for {} in {}", domain, certFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
