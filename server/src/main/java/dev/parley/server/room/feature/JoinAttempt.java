package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.Nickname;
import dev.parley.server.room.RoomState;

/**
 * Someone asks to enter an existing room (XEP-0045 §7.2).
 *
 * @param bareJid the user's real bare JID
 * @param affiliation its affiliation with the room
 * @param join the MUC element of its presence (password, history), or null
 * @param nickInUse another occupant has the nickname now
 * @param occupants how many are in the room now
 */
public record JoinAttempt(RoomState state, String bareJid, Affiliation affiliation, Nickname nick, MucJoin join, boolean nickInUse, int occupants) {
    public boolean isOwnerOrAdmin() {
        return affiliation == Affiliation.OWNER || affiliation == Affiliation.ADMIN;
    }
}
