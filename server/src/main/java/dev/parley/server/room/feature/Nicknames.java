package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError.Condition;

/**
 * §7.2.8: a nickname in use by another occupant, or reserved by another user (registration, §7.10/§7.12),
 * is refused with <conflict/>.
 */
final class Nicknames implements RoomFeature {
    @Override
    public Refusal preJoin(JoinAttempt a) {
        if (a.nickInUse()) return new Refusal(Condition.CONFLICT, "that nickname is in use");
        String holder = a.state().holderOf(a.nick().comparable());
        return holder != null && !holder.equals(a.bareJid()) ? new Refusal(Condition.CONFLICT, "that nickname is reserved") : null;
    }
}
