package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError.Condition;

/**
 * §7.2.9: a full room refuses entry with <service-unavailable/>, but "MUST allow the admin or owner to join,
 * up to some reasonable number of additional occupants" ({@link #ADMIN_OVERFLOW}).
 */
final class MaxUsers implements RoomFeature {
    static final int ADMIN_OVERFLOW = 10;

    @Override
    public Refusal preJoin(JoinAttempt a) {
        int max = a.state().config().maxUsers();
        if (max <= 0 || a.occupants() < max) return null;
        if (a.isOwnerOrAdmin() && a.occupants() < max + ADMIN_OVERFLOW) return null;
        return new Refusal(Condition.SERVICE_UNAVAILABLE, "the room is full");
    }
}
