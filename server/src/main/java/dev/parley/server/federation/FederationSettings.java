package dev.parley.server.federation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code parley.s2s} and {@code parley.component} (documented in reference.conf): how this node reaches other
 * XMPP servers and lets theirs reach it.
 */
public record FederationSettings(
        int s2sPort,
        boolean requireTls,
        Map<String, String> routes,
        String dialbackSecret,
        Duration connectTimeout,
        Duration idleTimeout,
        int maxQueued,
        long maxInboundBytesPerSecond,
        long maxOutboundQueuedBytes,
        Duration slowPeerGrace,
        String trustedCertificates,
        Duration remoteUserIdle,
        String componentHost,
        int componentPort,
        String componentSecret,
        String componentDomain,
        Duration reconnectMin,
        Duration reconnectMax) {

    public static FederationSettings from(Config root) {
        Config s2s = root.getConfig("parley.s2s");
        Config component = root.getConfig("parley.component");
        Map<String, String> routes = routes(s2s.getValue("routes"));
        String secret = s2s.getString("dialback-secret");
        if (secret.isBlank()) {
            // this node's own: enough for one node; a cluster sets one for all (a peer may ask any node to verify)
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            secret = java.util.HexFormat.of().formatHex(random);
        }
        FederationSettings f = new FederationSettings(
                s2s.getInt("port"),
                s2s.getBoolean("require-tls"),
                Map.copyOf(routes),
                secret,
                s2s.getDuration("connect-timeout"),
                s2s.getDuration("idle-timeout"),
                s2s.getInt("max-queued"),
                s2s.getBytes("max-inbound-bytes-per-second"),
                s2s.getBytes("max-outbound-queued-bytes"),
                s2s.getDuration("slow-peer-grace"),
                s2s.getString("trusted-certificates"),
                s2s.getDuration("remote-user-idle"),
                component.getString("host"),
                component.getInt("port"),
                component.getString("secret"),
                component.getString("domain").toLowerCase(java.util.Locale.ROOT),
                component.getDuration("reconnect-min"),
                component.getDuration("reconnect-max"));
        if (f.componentEnabled() && (f.componentSecret.isBlank() || f.componentDomain.isBlank())) {
            throw new IllegalArgumentException("parley.component.host is set: parley.component.secret and parley.component.domain must be too");
        }
        PeerAddresses.routes(f.routes); // a malformed route fails the start, not the first stanza
        return f;
    }

    /**
     * parley.s2s.routes: a HOCON object ({@code "example.org" = "host:port"}) or, where only a string can be given
     * (a -D option, PARLEY_S2S_ROUTES), {@code example.org=host:port,other.org=host:port}. Domains lower-cased
     * (RFC 6120 §3.2).
     */
    static Map<String, String> routes(ConfigValue value) {
        Map<String, String> routes = new LinkedHashMap<>();
        if (value.valueType() == com.typesafe.config.ConfigValueType.STRING) {
            for (String entry : ((String) value.unwrapped()).split(",")) {
                if (entry.isBlank()) continue;
                int eq = entry.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("parley.s2s.routes: '" + entry.strip() + "' is not domain=host:port");
                routes.put(entry.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), entry.substring(eq + 1).strip());
            }
            return routes;
        }
        for (Map.Entry<String, ConfigValue> e : ((com.typesafe.config.ConfigObject) value).entrySet()) {
            routes.put(e.getKey().replace("\"", "").toLowerCase(java.util.Locale.ROOT), String.valueOf(e.getValue().unwrapped()));
        }
        return routes;
    }

    /** Whether this node connects to a main server as its component. */
    public boolean componentEnabled() {
        return !componentHost.isBlank();
    }

    public boolean s2sEnabled() {
        return s2sPort > 0;
    }
}
