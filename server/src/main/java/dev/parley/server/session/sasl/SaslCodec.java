package dev.parley.server.session.sasl;

import java.util.Base64;

/** SASL data on the wire (RFC 6120 §6.4.2): base64, and "=" for an empty response or challenge. */
public final class SaslCodec {
    private SaslCodec() {}

    /** The bytes of a response; "=" is empty; null when the text is not base64. */
    public static byte[] decode(String text, boolean initial) {
        String t = text.trim();
        if (t.equals("=") || (!initial && t.isEmpty())) return new byte[0];
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String encode(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }
}
