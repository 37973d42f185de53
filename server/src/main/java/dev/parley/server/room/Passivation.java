package dev.parley.server.room;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * When a room unloads itself from memory. Sharding's own idle passivation counts only stanzas to the
 * room, so it would unload a room whose occupants are quietly present, and with them their live
 * presence; it is turned off ({@code pekko.cluster.sharding.passivation.strategy = none}). A room with no
 * occupants and nothing left to write is listed in the node's {@link IdleRooms}, which asks it to go after
 * {@code parley.muc.passivate-idle-rooms-after}, or sooner when more than {@code parley.muc.idle-rooms-loaded}
 * rooms are idle; the room, if still idle then, asks its shard to passivate it. A stanza to a passivated room
 * loads it again from the journal.
 */
final class Passivation {
    private final IdleRooms idleRooms;
    /** The room's shard, or null for a room started outside sharding (tests), which then just stops. */
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final ActorRef<Room.Command> self;
    /** Whether the room is in the node's list as far as it knows: most commands change nothing, and ask nothing of the list. */
    private boolean listed;

    Passivation(IdleRooms idleRooms, ActorRef<ClusterSharding.ShardCommand> shard, ActorRef<Room.Command> self) {
        this.idleRooms = idleRooms;
        this.shard = shard;
        this.self = self;
    }

    /** After every command: an idle room is listed (keeping its place if it was), a busy one leaves the list. */
    void update(boolean idle) {
        if (idle == listed) return;
        listed = idle;
        if (idle) idleRooms.add(self);
        else idleRooms.remove(self);
    }

    /**
     * The list let the room go ({@link Room.PassivateIfIdle}): returns true when the room should stop by itself (no
     * shard to ask). A room busy again meanwhile stays, and is listed again when it is next idle.
     */
    boolean expired(boolean idle) {
        stopped(); // listed again meanwhile (a stale request): out of the list either way
        if (!idle) return false;
        if (shard == null) return true;
        shard.tell(new ClusterSharding.Passivate<>(self));
        return false;
    }

    /** The room stopped, or is about to: it leaves the list. */
    void stopped() {
        if (listed) idleRooms.remove(self);
        listed = false;
    }
}
