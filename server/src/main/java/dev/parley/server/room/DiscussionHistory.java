package dev.parley.server.room;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A temporary room's discussion history, kept in memory: the room lives only while someone is in it, so
 * its messages are not journalled. A persistent room's history is in its state (written in batches, see
 * Room.Flush). What a newcomer receives of either is the History feature's choice (§7.2.13–§7.2.14).
 */
final class DiscussionHistory {
    /** What a temporary room keeps. */
    static final int SIZE = 20;

    private final ArrayDeque<RoomState.StoredMessage> recent = new ArrayDeque<>();

    /** A temporary room's message, as reflected (from the occupant JID). */
    void add(dev.parley.protocol.xml.Element message, Instant stamp) {
        recent.addLast(new RoomState.StoredMessage(message, stamp));
        while (recent.size() > SIZE) recent.removeFirst();
    }

    void clear() {
        recent.clear();
    }

    /** Oldest first. */
    List<RoomState.StoredMessage> recent() {
        return List.copyOf(recent);
    }
}
