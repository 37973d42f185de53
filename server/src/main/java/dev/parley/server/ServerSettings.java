package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.protocol.jid.Domainpart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The node's settings, read once from the {@code parley} section of the configuration (documented in
 * {@code reference.conf}). Immutable; passed to whoever needs it.
 */
public record ServerSettings(
        String domain,
        String mucService,
        Path dataDir,
        String bindAddress,
        int c2sPort,
        int directTlsPort,
        int websocketPort,
        String websocketPath,
        Duration websocketHandshakeTimeout,
        boolean requireTls,
        boolean allowPlaintextOnLoopback,
        boolean offerStartTlsOnLoopbackPlaintext,
        List<String> saslMechanisms,
        boolean allowAnonymous,
        int maxAuthAttempts,
        Duration authFailureDelay,
        boolean replaceOnResourceConflict,
        int maxConnections,
        int eventLoops,
        int maxStanzaBytes,
        long maxInboundBytesPerSecond,
        long maxOutboundQueuedBytes,
        Duration slowReaderGrace,
        Duration authTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        Duration resumptionWindow,
        int maxUnacked,
        boolean registrationEnabled,
        String tlsCertificate,
        String tlsPrivateKey,
        int scramIterations,
        Duration reflectionTimeout,
        int connectionsPerAddress,
        Duration connectionsPerAddressPeriod,
        int registrationsPerAddress,
        Duration registrationsPerAddressPeriod,
        boolean addressLimitsExemptLoopback) {

    public static ServerSettings from(Config root) {
        Config c = root.getConfig("parley");
        Config c2s = c.getConfig("c2s");
        String domain = Domainpart.of(c.getString("domain")).value();
        String muc = c.getString("muc-service");
        // as a component of another server (XEP-0114), the rooms are that component's domain
        if (!c.getString("component.host").isBlank() && !c.getString("component.domain").isBlank()) muc = c.getString("component.domain");
        String conflict = c2s.getString("resource-conflict");
        if (!conflict.equals("replace") && !conflict.equals("refuse")) {
            throw new IllegalArgumentException("parley.c2s.resource-conflict must be 'replace' or 'refuse', not '" + conflict + "'");
        }
        return new ServerSettings(
                domain,
                muc.isBlank() ? "conference." + domain : Domainpart.of(muc).value(),
                Path.of(c.getString("data-dir")),
                c2s.getString("bind-address"),
                c2s.getInt("port"),
                c2s.getInt("direct-tls-port"),
                c2s.getInt("websocket-port"),
                c2s.getString("websocket-path"),
                c2s.getDuration("websocket-handshake-timeout"),
                c2s.getBoolean("require-tls"),
                c2s.getBoolean("allow-plaintext-on-loopback"),
                c2s.getBoolean("offer-starttls-on-loopback"),
                List.copyOf(c2s.getStringList("sasl-mechanisms")),
                c2s.getBoolean("allow-anonymous"),
                c2s.getInt("max-auth-attempts"),
                c2s.getDuration("auth-failure-delay"),
                conflict.equals("replace"),
                c2s.getInt("max-connections"),
                c2s.getInt("event-loops") > 0 ? c2s.getInt("event-loops") : Runtime.getRuntime().availableProcessors(),
                (int) c2s.getBytes("max-stanza-bytes").longValue(),
                c2s.getBytes("max-inbound-bytes-per-second"),
                c2s.getBytes("max-outbound-queued-bytes"),
                c2s.getDuration("slow-reader-grace"),
                c2s.getDuration("auth-timeout"),
                c2s.getDuration("ping-interval"),
                c2s.getDuration("ping-timeout"),
                c2s.getDuration("stream-management.resumption-window"),
                c2s.getInt("stream-management.max-unacked"),
                c.getBoolean("registration.enabled"),
                c.getString("tls.certificate"),
                c.getString("tls.private-key"),
                c.getInt("scram-iterations"),
                c.getDuration("muc.reflection-timeout"),
                c2s.getInt("connections-per-address"),
                c2s.getDuration("connections-per-address-period"),
                c.getInt("registration.per-address"),
                c.getDuration("registration.per-address-period"),
                c2s.getBoolean("address-limits-exempt-loopback"));
    }
}
