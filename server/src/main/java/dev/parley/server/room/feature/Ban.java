package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.stanza.StanzaError.Condition;

/** §7.2.7: "If the user has been banned from the room ... the service MUST deny access ... <forbidden/>". */
final class Ban implements RoomFeature {
    @Override
    public Refusal preJoin(JoinAttempt a) {
        return a.affiliation() == Affiliation.OUTCAST ? new Refusal(Condition.FORBIDDEN, "you are banned from this room") : null;
    }
}
