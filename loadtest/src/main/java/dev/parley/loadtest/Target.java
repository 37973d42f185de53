package dev.parley.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server under load, or one node of it: where to connect, its XMPP domain and MUC service, and how the
 * streams are set up. A cluster is several targets that differ only in host and port.
 *
 * @param tls {@code none} (plain TCP), {@code starttls} (RFC 6120 §5) or {@code direct} (XEP-0368 direct TLS)
 * @param streamManagement enable XEP-0198 when the server offers it
 * @param trustAll accept any server certificate (self-signed ones on loopback)
 * @param mechanism the SASL mechanism: {@code auto} (PLAIN where offered, else SCRAM-SHA-256, else SCRAM-SHA-1),
 *     {@code PLAIN}, {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}; accounts of {@code anonymous} use ANONYMOUS
 */
public record Target(String host, int port, String domain, String muc, String tls, boolean streamManagement, boolean trustAll, String mechanism) {
    public Target {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a target needs a host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " of " + host + " is not between 1 and 65535");
        if (!Set.of("auto", "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256").contains(mechanism)) {
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

    /** {@code host:port}, an IPv6 address in brackets ({@code [::1]:5222}). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** This target at another address: another node of the same service. */
    public Target at(String otherHost, int otherPort) {
        return new Target(otherHost, otherPort, domain, muc, tls, streamManagement, trustAll, mechanism);
    }

    /**
     * The targets of {@code --target}: each {@code HOST:PORT}, {@code [IPv6]:PORT}, or a host alone (then at
     * {@code defaultPort}), at the addresses of {@code template} and with its stream settings. Each address
     * may appear once: a client's target is its number modulo the number of targets, and the same node
     * listed twice would get twice the clients by accident.
     */
    public static List<Target> parseAll(List<String> addresses, int defaultPort, Target template) {
        List<Target> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String a : addresses) {
            Target t = parse(a, defaultPort, template);
            if (!seen.add(t.address())) throw new IllegalArgumentException("--target " + t.address() + " is given twice");
            out.add(t);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--target needs at least one HOST:PORT");
        return List.copyOf(out);
    }

    /** One {@code --target}: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code HOST} or {@code [IPv6]} (at {@code defaultPort}). */
    public static Target parse(String address, int defaultPort, Target template) {
        String a = address == null ? "" : address.strip();
        if (a.isEmpty()) throw new IllegalArgumentException("--target: an empty address");
        String host;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("--target " + a + ": no closing ]");
            host = a.substring(1, close);
            String rest = a.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw new IllegalArgumentException("--target " + a + ": expected :PORT after ]");
                port = rest.substring(1);
            }
        } else {
            int colon = a.indexOf(':');
            if (colon >= 0 && a.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("--target " + a + ": write an IPv6 address in brackets, as [::1]:5222");
            }
            host = colon < 0 ? a : a.substring(0, colon);
            if (colon >= 0) port = a.substring(colon + 1);
        }
        if (host.isBlank()) throw new IllegalArgumentException("--target " + a + ": no host");
        int p;
        if (port == null) {
            p = defaultPort;
        } else {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--target " + a + ": the port is not a number");
            }
            if (p < 1 || p > 65535) throw new IllegalArgumentException("--target " + a + ": the port is not between 1 and 65535");
        }
        return template.at(host, p);
    }
}
