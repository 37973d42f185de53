package dev.parley.protocol.jid;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * The resourcepart of a JID (RFC 7622 §3.4): the OpaqueString profile of RFC 8265 (case preserved,
 * spaces allowed). In an occupant JID it is the room nickname.
 */
public final class Resourcepart implements Comparable<Resourcepart> {
    private final String value;

    private Resourcepart(String value) {
        this.value = value;
    }

    public static Resourcepart of(String input) {
        // RFC 7622 §3.5, Table 2, example 18: "<juliet@example.com/ foo>: Leading space in resourcepart" is
        // not a JID, although the OpaqueString profile alone would take it.
        if (!input.isEmpty() && Character.isSpaceChar(input.charAt(0))) {
            throw new JidFormatException("invalid resourcepart: leading space (RFC 7622 §3.5)");
        }
        if (Parts.isAscii(input)) {
            // ASCII fast path: the profile allows exactly the printable characters and space, unchanged.
            for (int i = 0; i < input.length(); i++) {
                char c = input.charAt(i);
                if (c < 0x20 || c == 0x7F) throw new JidFormatException("invalid resourcepart: control character");
            }
            return new Resourcepart(Parts.checkLength(input, "resourcepart"));
        }
        return new Resourcepart(Parts.enforce(PrecisProfiles.OPAQUE_STRING, input, "resourcepart"));
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resourcepart r && r.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Resourcepart o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
