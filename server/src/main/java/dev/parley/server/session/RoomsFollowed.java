package dev.parley.server.session;

import dev.parley.server.delivery.Inbox;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The rooms a client is in, and the entity that runs each now (a room says so on entering, and when it starts
 * anew elsewhere: {@link Inbox.RoomAt}). The session watches each; when one stops (the room moves, or its node
 * is lost), the session sends the room again what its client has not seen reflected ({@link Reflections}).
 */
final class RoomsFollowed {
    private final ActorContext<Inbox> context;
    private final Map<String, ActorRef<?>> entities = new HashMap<>();

    RoomsFollowed(ActorContext<Inbox> context) {
        this.context = context;
    }

    void at(Inbox.RoomAt at) {
        ActorRef<?> before = entities.put(at.room(), at.entity());
        if (at.entity().equals(before)) return;
        if (before != null) context.unwatch(before);
        context.watchWith(at.entity(), new Session.RoomGone(at.room(), at.entity()));
    }

    /** The client left the room. */
    void left(String room) {
        ActorRef<?> entity = entities.remove(room);
        if (entity != null) context.unwatch(entity);
    }

    /** Whether {@code entity} is the one that ran {@code room} (it is forgotten: the room tells where it runs next). */
    boolean gone(String room, ActorRef<?> entity) {
        if (!entity.equals(entities.get(room))) return false;
        entities.remove(room);
        return true;
    }
}
