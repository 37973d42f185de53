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
 *
 * <p>A new entity is taken for a move whether or not the old one's stop was heard first. The news that a room's
 * entity stopped comes from the node it ran on, and the next entity's word from another: the next can arrive
 * first (seen in {@code FailoverProcessIT}, a node leaving under load: the room was back on the session's own node
 * before the old node's notice came), and a message that sharding dropped in the hand-over must still be sent again.
 */
final class RoomsFollowed {
    private final ActorContext<Inbox> context;
    /**
     * The room followed and its entity, while the client is in one room (most are): no map for it (about 90 bytes a
     * session, docs/footprint.md, fourteenth pass). Both null when {@link #more} holds the rooms, or none is followed.
     */
    private String room;
    private ActorRef<?> entity;
    /** Every room followed, once the client is in more than one at a time; null otherwise. */
    private Map<String, ActorRef<?>> more;

    RoomsFollowed(ActorContext<Inbox> context) {
        this.context = context;
    }

    /**
     * Where the room runs now; true when a new entity runs it in place of one before (stopped, whether its stop
     * was heard or not): send again what is unanswered.
     */
    boolean at(Inbox.RoomAt at) {
        ActorRef<?> before = put(at.room(), at.entity());
        if (at.entity().equals(before)) return false;
        if (before != null) context.unwatch(before); // its stop, if it comes now, is old news
        context.watchWith(at.entity(), new Session.RoomGone(at.room(), at.entity()));
        return before != null;
    }

    /** The client left the room. */
    void left(String room) {
        ActorRef<?> entity = remove(room);
        if (entity != null) context.unwatch(entity);
    }

    /** Whether {@code entity} is the one that runs {@code room} (not one already replaced by the next). */
    boolean gone(String room, ActorRef<?> entity) {
        return entity.equals(get(room));
    }

    /** Whether the rooms are in a map (the client is, or was lately, in more than one at a time): for tests. */
    boolean holdsAMap() {
        return more != null;
    }

    /** The entity that runs {@code r} as far as the session knows, or null when it does not follow {@code r}. */
    ActorRef<?> get(String r) {
        if (more != null) return more.get(r);
        return r.equals(room) ? entity : null;
    }

    private ActorRef<?> put(String r, ActorRef<?> e) {
        if (more != null) return more.put(r, e);
        if (room == null || room.equals(r)) {
            ActorRef<?> before = entity;
            room = r;
            entity = e;
            return before;
        }
        more = new HashMap<>(4);
        more.put(room, entity);
        room = null;
        entity = null;
        return more.put(r, e);
    }

    private ActorRef<?> remove(String r) {
        if (more == null) {
            if (!r.equals(room)) return null;
            ActorRef<?> gone = entity;
            room = null;
            entity = null;
            return gone;
        }
        ActorRef<?> gone = more.remove(r);
        if (more.isEmpty()) more = null;
        return gone;
    }
}
