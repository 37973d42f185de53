package dev.parley.protocol.muc;

import java.util.Locale;

/** A user's long-lived standing in a room (XEP-0045 §5.2), from most to least privileged. */
public enum Affiliation {
    OWNER, ADMIN, MEMBER, NONE, OUTCAST;
    /** The value as XML writes it: made once, not for every stanza read or written. */
    private final String lower = name().toLowerCase(Locale.ROOT);
    private static final Affiliation[] VALUES = values();

    public String value() {
        return lower;
    }

    /** The affiliation for {@code v}; null when v is null; throws for a value the XEP does not define. */
    public static Affiliation fromValue(String v) {
        if (v == null) return null;
        for (Affiliation a : VALUES) if (a.value().equals(v)) return a;
        throw new IllegalArgumentException("unknown affiliation '" + v + "'");
    }

    /** True when this affiliation ranks strictly above {@code other} (owner > admin > member > none > outcast). */
    public boolean outranks(Affiliation other) {
        return ordinal() < other.ordinal();
    }
}
