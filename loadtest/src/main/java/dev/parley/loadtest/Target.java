package dev.parley.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The server under load: where to connect, its XMPP domain and MUC service, and how the streams are set
 * up.
 *
 * @param tls {@code none} (plain TCP), {@code starttls} (RFC 6120 §5) or {@code direct} (XEP-0368 direct TLS)
 * @param streamManagement enable XEP-0198 when the server offers it
 * @param trustAll accept any server certificate (self-signed ones on loopback)
 * @param mechanism the SASL mechanism: {@code auto} (PLAIN where offered, else SCRAM-SHA-256, else SCRAM-SHA-1),
 *     {@code PLAIN}, {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}; accounts of {@code anonymous} use ANONYMOUS
 */
public record Target(String host, int port, String domain, String muc, String tls, boolean streamManagement, boolean trustAll, String mechanism) {
    public Target {
        if (!java.util.Set.of("auto", "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256").contains(mechanism)) {
            throw new IllegalArgumentException("--mech is auto, PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256, not " + mechanism);
        }
        if (!tls.equals("none") && !tls.equals("starttls") && !tls.equals("direct")) {
            throw new IllegalArgumentException("--tls is none, starttls or direct, not " + tls);
        }
    }

    /** Whether the host is this machine: the generator refuses other hosts unless told otherwise. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
