package dev.parley.server.room;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * When a room unloads itself from memory. Sharding's own idle passivation counts only stanzas to the
 * room, so it would unload a room whose occupants are quietly present, and with them their live
 * presence; it is turned off ({@code pekko.cluster.sharding.passivation.strategy = none}) and the room
 * asks its shard to passivate it when it has had no occupants and nothing left to write for
 * {@code parley.muc.passivate-idle-rooms-after}. A stanza to a passivated room loads it again from the
 * journal.
 */
final class Passivation {
    private static final Object TIMER = "passivate";

    private final TimerScheduler<Room.Command> timers;
    /** The room's shard, or null for a room started outside sharding (tests), which then just stops. */
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final ActorRef<Room.Command> self;
    private final Duration after;

    Passivation(TimerScheduler<Room.Command> timers, ActorRef<ClusterSharding.ShardCommand> shard, ActorRef<Room.Command> self, Duration after) {
        this.timers = timers;
        this.shard = shard;
        this.self = self;
        this.after = after;
    }

    /** After every command: an idle room starts (or keeps) its countdown, a busy one cancels it. */
    void update(boolean idle) {
        if (!idle) {
            timers.cancel(TIMER);
        } else if (!timers.isTimerActive(TIMER)) {
            timers.startSingleTimer(TIMER, Room.PassivateIfIdle.INSTANCE, after);
        }
    }

    /** The countdown ran out: returns true when the room should stop by itself (no shard to ask). */
    boolean expired(boolean idle) {
        if (!idle) return false;
        if (shard == null) return true;
        shard.tell(new ClusterSharding.Passivate<>(self));
        return false;
    }
}
