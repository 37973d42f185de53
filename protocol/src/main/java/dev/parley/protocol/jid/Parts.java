package dev.parley.protocol.jid;

import java.nio.charset.StandardCharsets;
import rocks.xmpp.precis.PrecisProfile;

/** What the three part types share: the 1023-byte limit (RFC 7622 §3.1) and running a PRECIS profile. */
final class Parts {
    static final int MAX_BYTES = 1023;

    private Parts() {}

    static String enforce(PrecisProfile profile, String input, String part) {
        if (input.isEmpty()) throw new JidFormatException("empty " + part);
        String out;
        try {
            out = profile.enforce(input);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid " + part + ": " + e.getMessage(), e);
        }
        return checkLength(out, part);
    }

    static String checkLength(String value, String part) {
        if (value.isEmpty()) throw new JidFormatException("empty " + part);
        // UTF-8 length without encoding: ASCII strings (the common case) are 1 byte per char.
        if (value.length() > MAX_BYTES || (!isAscii(value) && value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)) {
            throw new JidFormatException(part + " longer than " + MAX_BYTES + " bytes");
        }
        return value;
    }

    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }
}
