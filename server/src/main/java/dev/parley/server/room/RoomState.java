package dev.parley.server.room;

import dev.parley.server.CborSerializable;

/**
 * What a room keeps across restarts: whether it exists, whether it is still locked awaiting its initial
 * configuration (XEP-0045 §10.1), its owner, its subject. Changed only by the room's events.
 *
 * @param created the room exists (it was created and not destroyed since)
 * @param locked created but not configured yet: nobody but the owner may enter (§7.2.10)
 * @param owner the bare JID of the creator, the initial owner
 * @param subject the current subject, "" for none
 * @param subjectBy the occupant nickname that set it, or null
 */
public record RoomState(boolean created, boolean locked, String owner, String subject, String subjectBy) implements CborSerializable {
    public static final RoomState NONE = new RoomState(false, false, null, "", null);

    RoomState created(String newOwner) {
        return new RoomState(true, true, newOwner, "", null);
    }

    RoomState unlocked() {
        return new RoomState(created, false, owner, subject, subjectBy);
    }

    RoomState withSubject(String newSubject, String by) {
        return new RoomState(created, locked, owner, newSubject, by);
    }
}
