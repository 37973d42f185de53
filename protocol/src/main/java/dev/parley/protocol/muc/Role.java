package dev.parley.protocol.muc;

import java.util.Locale;

/** An occupant's temporary position in a room while present (XEP-0045 §5.1). */
public enum Role {
    MODERATOR, PARTICIPANT, VISITOR, NONE;
    /** The value as XML writes it: made once, not for every stanza read or written. */
    private final String lower = name().toLowerCase(Locale.ROOT);
    private static final Role[] VALUES = values();

    public String value() {
        return lower;
    }

    /** The role for {@code v}; null when v is null; throws for a value the XEP does not define. */
    public static Role fromValue(String v) {
        if (v == null) return null;
        for (Role r : VALUES) if (r.value().equals(v)) return r;
        throw new IllegalArgumentException("unknown role '" + v + "'");
    }

    /** Participants and moderators may speak in a moderated room (§5.1.1, Table 3). */
    public boolean hasVoice() {
        return this == MODERATOR || this == PARTICIPANT;
    }
}
