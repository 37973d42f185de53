package dev.parley.protocol.jid;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * The localpart of a JID (RFC 7622 §3.3): the UsernameCaseMapped profile of RFC 8265, minus the eight
 * characters §3.3.1 forbids ({@code " & ' / : < > @}). For a room JID this is the room's name.
 */
public final class Localpart implements Comparable<Localpart> {
    private final String value;

    private Localpart(String value) {
        this.value = value;
    }

    /** Enforces and normalises {@code input}; throws {@link JidFormatException} when it is not a localpart. */
    public static Localpart of(String input) {
        String v;
        if (Parts.isAscii(input)) {
            // ASCII fast path, the same as the profile for ASCII: printable, no space, lower-cased.
            char[] out = null;
            for (int i = 0; i < input.length(); i++) {
                char c = input.charAt(i);
                if (c <= 0x20 || c == 0x7F) throw new JidFormatException("invalid localpart: control or space character");
                if (c >= 'A' && c <= 'Z') {
                    if (out == null) out = input.toCharArray();
                    out[i] = (char) (c + 32);
                }
            }
            v = Parts.checkLength(out == null ? input : new String(out), "localpart");
        } else {
            v = Parts.enforce(PrecisProfiles.USERNAME_CASE_MAPPED, input, "localpart");
        }
        for (int i = 0; i < v.length(); i++) {
            switch (v.charAt(i)) {
                case '"', '&', '\'', '/', ':', '<', '>', '@' ->
                        throw new JidFormatException("invalid localpart: '" + v.charAt(i) + "' is not allowed (RFC 7622 §3.3.1)");
                default -> {}
            }
        }
        return new Localpart(v);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Localpart l && l.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Localpart o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
