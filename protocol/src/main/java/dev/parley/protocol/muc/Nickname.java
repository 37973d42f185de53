package dev.parley.protocol.muc;

import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.jid.Resourcepart;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * A room nickname: the resourcepart of an occupant JID, enforced with the PRECIS Nickname profile
 * (RFC 8266): spaces mapped and trimmed, compatibility forms folded, so "  Foo  Bar" is "Foo Bar". Empty
 * or invisible nicknames are refused ("a MUC service MUST NOT allow empty or invisible Room Nicknames",
 * XEP-0045 §17.1). Two nicknames conflict when their {@link #comparable()} forms (case-folded, RFC 8266
 * §2.4) are equal; the displayed form keeps its case.
 */
public final class Nickname {
    private final String value;
    private final String comparable;

    private Nickname(String value, String comparable) {
        this.value = value;
        this.comparable = comparable;
    }

    public static Nickname of(String input) {
        if (input == null || input.isBlank()) throw new JidFormatException("empty nickname");
        // Control characters are disallowed by the FreeformClass (RFC 8264 §9.12). The library trims them
        // silently at the ends ("bell\u0007" became "bell"), so they are refused here first.
        for (int i = 0; i < input.length(); i++) {
            if (Character.getType(input.charAt(i)) == Character.CONTROL) {
                throw new JidFormatException("invalid nickname: control character");
            }
        }
        String enforced;
        String comparable;
        try {
            enforced = PrecisProfiles.NICKNAME.enforce(input);
            comparable = PrecisProfiles.NICKNAME.toComparableString(input);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid nickname: " + e.getMessage(), e);
        }
        if (enforced.isEmpty()) throw new JidFormatException("empty nickname");
        Resourcepart.of(enforced); // it must also be a valid resourcepart (length, characters)
        return new Nickname(enforced, comparable);
    }

    /** The nickname as displayed and used in the occupant JID. */
    public String value() {
        return value;
    }

    /** The form used to detect conflicts: "Thirdwitch" and "thirdwitch" are the same nickname. */
    public String comparable() {
        return comparable;
    }

    public Resourcepart asResourcepart() {
        return Resourcepart.of(value);
    }

    /** Equality is conflict equality: by the comparable form. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Nickname n && n.comparable.equals(comparable);
    }

    @Override
    public int hashCode() {
        return comparable.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
