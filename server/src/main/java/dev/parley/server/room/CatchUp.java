package dev.parley.server.room;

import dev.parley.server.delivery.Inbox;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A room that starts anew with its occupants (it moved, or its node was lost) keeps each occupant's stanzas in the
 * order the client sent them (RFC 6120 §10.1), although sharding may have dropped one of them in the move.
 *
 * <p>Sharding drops what is in flight to a shard being handed off, and what went to a node that died is gone, while
 * what a session sent after those waits in sharding's buffers and reaches the new incarnation first. Each session
 * sends the room again what it has not seen reflected (marked again), then says it has caught up
 * ({@link Done}), in that order, in answer to the room's word that it runs here now
 * ({@link Inbox.RoomAt} with {@code back}). Until then the room holds what that session sent the first time
 * (Pekko's stash, in order), takes the copies sent again at once, and afterwards skips each held message that came
 * again meanwhile. A session that never answers (its node died with it, unnoticed yet) holds nothing for longer
 * than {@link #WAIT}: then everything held is taken as it is.
 *
 * <p>Made when a room comes back with occupants; dropped {@link #WAIT} later. A room at rest has none.
 */
public final class CatchUp {
    /**
     * The session has sent again what it had not seen reflected when the room came back: what it sent the first
     * time, held until now, goes on.
     */
    public record Done(ActorRef<Inbox> session) implements Room.Command {}

    /** {@link #WAIT} has passed since the room came back: whatever is still held goes on. */
    enum Over implements Room.Command { INSTANCE }

    /** How long a room that came back waits for its occupants' sessions to catch up. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The sessions not caught up yet. */
    private final Set<ActorRef<Inbox>> waiting = new HashSet<>();
    /** Sender (real full JID) and id of each message sent again since the room came back. */
    private final Set<String> sentAgain = new HashSet<>();

    void await(ActorRef<Inbox> session) {
        waiting.add(session);
    }

    /** Whether what {@code session} sent the first time is held until it catches up. */
    boolean holds(ActorRef<Inbox> session) {
        return waiting.contains(session);
    }

    /** The session caught up (or is gone): true when it was awaited, and what is held may go on. */
    boolean caughtUp(ActorRef<Inbox> session) {
        return waiting.remove(session);
    }

    /**
     * A groupchat message from {@code sender}: one sent again is remembered (and taken, or answered, as usual);
     * true for one held from its first sending whose copy sent again came first (skip it).
     */
    boolean skips(String sender, String id, boolean again) {
        if (sender == null || id == null) return false;
        if (again) {
            sentAgain.add(sender + ' ' + id);
            return false;
        }
        return sentAgain.contains(sender + ' ' + id);
    }
}
