package dev.parley.server.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The rooms loaded on this node with nobody in them and nothing left to write, the longest idle first. Each is asked
 * to leave memory (passivate) once it has been idle for {@code parley.muc.passivate-idle-rooms-after}, or at once when
 * more than {@code parley.muc.idle-rooms-loaded} are idle: the longest idle goes first. A room with occupants again
 * leaves the list. So however many rooms were visited lately (a burst of rooms created and left, a client walking
 * through every room of the service), the idle ones a node keeps are bounded by a setting, as Prosody bounds its live
 * rooms ({@code muc_room_cache_size}).
 *
 * <p>One list for the node rather than a timer per room: an idle room costs an entry here (about 60 bytes, where its
 * timer cost about 200), and a room whose occupants come and go leaves no cancelled timers in the scheduler until
 * their deadline.
 *
 * <p>The list only asks: it tells the room {@link Room.PassivateIfIdle}, and the room, which alone knows whether it is
 * still idle, asks its shard to passivate it (see {@link Passivation}). Rooms call in from their own threads; the
 * list is guarded by its lock, held for a map operation at a time, and tells nobody while it holds it.
 */
public final class IdleRooms implements Extension {
    public static final ExtensionId<IdleRooms> ID = new ExtensionId<>() {
        @Override
        public IdleRooms createExtension(ActorSystem<?> system) {
            RoomSettings settings = RoomSettings.from(system.settings().config());
            IdleRooms rooms = new IdleRooms(settings.passivateAfter(), settings.idleRoomsLoaded());
            Duration every = checkEvery(settings.passivateAfter());
            system.scheduler().scheduleWithFixedDelay(every, every, rooms::expire, system.executionContext());
            return rooms;
        }
    };

    public static IdleRooms get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** How often the list looks for rooms idle long enough: a quarter of the time, between 10 ms and 5 s. */
    static Duration checkEvery(Duration after) {
        Duration quarter = after.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(10)) < 0) return Duration.ofMillis(10);
        return quarter.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : quarter;
    }

    private final long afterNanos;
    private final int loaded;
    /** Each idle room and since when (System.nanoTime), in the order they became idle. */
    private final LinkedHashMap<ActorRef<Room.Command>, Long> idle = new LinkedHashMap<>();

    IdleRooms(Duration after, int loaded) {
        if (loaded < 0) throw new IllegalArgumentException("parley.muc.idle-rooms-loaded must be 0 or more, not " + loaded);
        this.afterNanos = after.toNanos();
        this.loaded = loaded;
    }

    /** {@code room} has nobody in it now; a room already listed keeps its place. */
    void add(ActorRef<Room.Command> room) {
        ActorRef<Room.Command> over = null;
        synchronized (this) {
            idle.putIfAbsent(room, System.nanoTime());
            if (idle.size() > loaded) {
                Iterator<ActorRef<Room.Command>> oldest = idle.keySet().iterator();
                over = oldest.next();
                oldest.remove();
            }
        }
        if (over != null) over.tell(Room.PassivateIfIdle.INSTANCE);
    }

    /** {@code room} has occupants again, or stopped. */
    synchronized void remove(ActorRef<Room.Command> room) {
        idle.remove(room);
    }

    /** Asks the rooms idle for long enough to passivate. */
    void expire() {
        expire(System.nanoTime());
    }

    void expire(long now) {
        List<ActorRef<Room.Command>> due = new ArrayList<>();
        synchronized (this) {
            Iterator<Map.Entry<ActorRef<Room.Command>, Long>> it = idle.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<ActorRef<Room.Command>, Long> e = it.next();
                if (now - e.getValue() < afterNanos) break; // the rest became idle later
                due.add(e.getKey());
                it.remove();
            }
        }
        for (ActorRef<Room.Command> room : due) room.tell(Room.PassivateIfIdle.INSTANCE);
    }

    /** How many rooms are listed (tests, monitoring). */
    synchronized int size() {
        return idle.size();
    }

    synchronized boolean contains(ActorRef<Room.Command> room) {
        return idle.containsKey(room);
    }
}
