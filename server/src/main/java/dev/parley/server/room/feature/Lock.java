package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.stanza.StanzaError.Condition;

/** §7.2.10: a room awaiting its initial configuration admits nobody but its owner. */
final class Lock implements RoomFeature {
    @Override
    public Refusal preJoin(JoinAttempt a) {
        // "the service MUST refuse entry and return an <item-not-found/> error to the user"
        return a.state().locked() && a.affiliation() != Affiliation.OWNER ? new Refusal(Condition.ITEM_NOT_FOUND, "this room is not configured yet") : null;
    }
}
