package dev.parley.server.session;

import dev.parley.server.delivery.Inbox;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The rooms a client is in, and the entity that runs each now (a room says so on entering, and when it starts
 * anew elsewhere: {@link Inbox.RoomAt}). The session watches each; when one stops (the room moves, or its node
 * is lost), the session sends the room again what its client has not seen reflected ({@link Reflections}); and
 * once more when the room says where it runs next: what was sent again at the loss may itself have gone to the
 * node that died (the shard region can learn of the loss after the session does). The room takes a copy it
 * already has only once ({@code room/RecentMessages}).
 */
final class RoomsFollowed {
    private final ActorContext<Inbox> context;
    /** Most clients are in one room or a few: a small table to start with. */
    private final Map<String, ActorRef<?>> entities = new HashMap<>(2);
    /** Rooms whose entity stopped, until the next one says where it runs: made when a room first goes away. */
    private java.util.Set<String> away;

    RoomsFollowed(ActorContext<Inbox> context) {
        this.context = context;
    }

    /** Where the room runs now; true when it comes back after its last entity stopped (send again what is unanswered). */
    boolean at(Inbox.RoomAt at) {
        ActorRef<?> before = entities.put(at.room(), at.entity());
        if (at.entity().equals(before)) return false;
        if (before != null) context.unwatch(before);
        context.watchWith(at.entity(), new Session.RoomGone(at.room(), at.entity()));
        return away != null && away.remove(at.room());
    }

    /** The client left the room. */
    void left(String room) {
        ActorRef<?> entity = entities.remove(room);
        if (away != null) away.remove(room);
        if (entity != null) context.unwatch(entity);
    }

    /** Whether {@code entity} is the one that ran {@code room} (the room is away until it tells where it runs next). */
    boolean gone(String room, ActorRef<?> entity) {
        if (!entity.equals(entities.get(room))) return false;
        if (away == null) away = new java.util.HashSet<>(2);
        away.add(room);
        return true;
    }
}
