package dev.parley.server.net;

import dev.parley.server.ServerSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The server's TLS context: from the configured PEM certificate chain and PKCS#8 key, or, when none is
 * configured, from a self-signed certificate for the domain (and its subdomains, for the MUC service)
 * generated on first start ({@link SelfSignedCertificate}) and kept in {@code <data-dir>/tls/}. The key is read by
 * Netty: PKCS#8 ({@code BEGIN PRIVATE KEY}, or encrypted), RSA, DSA or EC. TLS 1.2 and 1.3 only (RFC 7590).
 */
public final class TlsContexts {
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
            if (!Files.exists(cert) || !Files.exists(key)) SelfSignedCertificate.generate(settings.domain(), cert, key);
        }
        return new Path[] {cert, key};
    }
}
