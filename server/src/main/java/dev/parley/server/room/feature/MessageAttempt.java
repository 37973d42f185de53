package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Message;
import dev.parley.server.room.RoomState;

/**
 * The message point: an occupant sends a message to the room (§7.4, a subject change §8.1) or a private
 * message to another occupant (§7.5).
 *
 * @param role the sender's role
 * @param privateMessage addressed to one occupant, not to all
 */
public record MessageAttempt(RoomState state, Role role, Message message, boolean privateMessage) {
    /** A message to all that changes the subject: a subject and no body (§8.1). */
    public boolean changesSubject() {
        return !privateMessage && message.subject() != null && message.body() == null;
    }
}
