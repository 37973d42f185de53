package dev.parley.protocol.jid;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * The domainpart of a JID (RFC 7622 §3.2): a host name in U-label form, lower-cased, without a trailing
 * dot; or an IP literal ({@code 192.0.2.1}, {@code [2001:db8::1]}).
 */
public final class Domainpart implements Comparable<Domainpart> {
    private final String value;

    private Domainpart(String value) {
        this.value = value;
    }

    /**
     * The domainparts parsed lately, by their input: a server sees few domains (its own, its services', its peers'),
     * and every JID of one domain shares one domainpart and its string instead of a copy each (docs/footprint.md).
     * Bounded: past {@link #KNOWN_MAX} inputs it starts again, so that a peer naming endless domains costs nothing kept.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Domainpart> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();
    static final int KNOWN_MAX = 1024;

    public static Domainpart of(String input) {
        Domainpart known = KNOWN.get(input);
        if (known != null) return known;
        Domainpart d = parse(input);
        if (KNOWN.size() >= KNOWN_MAX) KNOWN.clear();
        Domainpart same = KNOWN.putIfAbsent(d.value, d); // "Example.COM" and "example.com" share one too
        if (same != null) d = same;
        KNOWN.put(input, d);
        return d;
    }

    /** How many inputs are remembered (for tests). */
    static int knownCount() {
        return KNOWN.size();
    }

    private static Domainpart parse(String input) {
        String s = input;
        // "If the domainpart includes a final character considered to be a label separator (dot) ... the
        // entity MUST strip it" (RFC 7622 §3.2).
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.isEmpty()) throw new JidFormatException("empty domainpart");
        if (s.charAt(0) == '[') return new Domainpart(ipv6Literal(s));
        String v;
        if (Parts.isAscii(s) && !s.contains("xn--") && !s.contains("XN--")) {
            char[] out = s.toCharArray();
            int labelLength = 0;
            for (int i = 0; i < out.length; i++) {
                char c = out[i];
                if (c >= 'A' && c <= 'Z') out[i] = c = (char) (c + 32);
                if (c == '.') {
                    if (labelLength == 0) throw new JidFormatException("invalid domainpart: empty label");
                    labelLength = 0;
                    continue;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    throw new JidFormatException("invalid domainpart: '" + c + "' is not a letter, digit or hyphen");
                }
                if (++labelLength > 63) throw new JidFormatException("invalid domainpart: label longer than 63");
            }
            String lower = new String(out);
            v = Parts.checkLength(lower.equals(s) ? s : lower, "domainpart");
        } else {
            v = Parts.enforce(PrecisProfiles.IDN, s, "domainpart");
        }
        return new Domainpart(v);
    }

    private static String ipv6Literal(String s) {
        if (!s.endsWith("]") || s.length() < 4) throw new JidFormatException("invalid IPv6 literal");
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                throw new JidFormatException("invalid IPv6 literal");
            }
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domainpart d && d.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Domainpart o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
