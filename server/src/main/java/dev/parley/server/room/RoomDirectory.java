package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.server.CborSerializable;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The public rooms of the service, for its disco#items (XEP-0045 §6.3): a map from room JID to name,
 * replicated across the cluster with Distributed Data. Rooms publish themselves when they become or stop
 * being listed (public, configured, existing); each node answers from its local replica, read afresh
 * for every request so that a room listed on this node a moment ago is in the answer (subscribers
 * would hear of it only after the replicator's notification interval).
 */
public final class RoomDirectory {
    public sealed interface Command {}

    /** A room's listing: listed with this name, or not (hidden, locked, destroyed). */
    public record Publish(String room, String name, boolean listed) implements Command, CborSerializable {}

    /** The service's disco#items: answered to {@code replyTo}, paged with XEP-0059. */
    public record Items(Iq request, ActorRef<Session.Command> replyTo) implements Command {}

    /** The local replica, read for one disco#items request. */
    private record Read(Replicator.GetResponse<LWWMap<String, String>> response, Items request) implements Command {}

    private record Updated(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

    private static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("public-rooms");

    private RoomDirectory() {}

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> DistributedData.withReplicatorMessageAdapter(
                (org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator) -> {
                    SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
                    return Behaviors.receive(Command.class)
                            .onMessage(Publish.class, p -> {
                                replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), Replicator.writeLocal(), replyTo,
                                        map -> p.listed() ? map.put(node, p.room(), p.name()) : map.remove(node, p.room())), Updated::new);
                                return Behaviors.same();
                            })
                            .onMessage(Updated.class, u -> Behaviors.same())
                            .onMessage(Items.class, i -> {
                                // the replicator applies this node's updates in the order sent, so this read sees them
                                replicator.askGet(replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo), r -> new Read(r, i));
                                return Behaviors.same();
                            })
                            .onMessage(Read.class, r -> {
                                TreeMap<String, String> rooms = new TreeMap<>();
                                if (r.response() instanceof Replicator.GetSuccess<LWWMap<String, String>> found) rooms.putAll(found.get(KEY).getEntries());
                                r.request().replyTo().tell(new Session.Deliver(items(r.request().request(), rooms).element()));
                                return Behaviors.same();
                            })
                            .build();
                }));
    }

    /** The page of rooms the request asks for (XEP-0059 §2: max, after, before, index); all of them without RSM. */
    static Iq items(Iq request, TreeMap<String, String> rooms) {
        ResultSet rsm;
        try {
            rsm = ResultSet.from(request.payload().child(ResultSet.ELEMENT, ResultSet.NAMESPACE));
        } catch (IllegalArgumentException e) {
            return request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage()));
        }
        List<Map.Entry<String, String>> all = new ArrayList<>(rooms.entrySet());
        if (rsm == null) return request.result(new DiscoItems(null, all.stream().map(RoomDirectory::item).toList(), null).toElement());
        int from = 0;
        int to = all.size();
        int max = rsm.max() == null ? all.size() : rsm.max();
        if (rsm.after() != null) {
            int at = indexOf(all, rsm.after());
            if (at < 0) return request.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such item")); // §2.6
            from = at + 1;
        } else if (rsm.before() != null) {
            if (!rsm.before().isEmpty()) {
                to = indexOf(all, rsm.before());
                if (to < 0) return request.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such item"));
            }
            from = Math.max(0, to - max);
        } else if (rsm.index() != null) {
            from = Math.min(rsm.index(), all.size());
        }
        to = Math.min(to, from + max);
        List<Map.Entry<String, String>> page = all.subList(from, Math.max(from, to));
        ResultSet response = max == 0 || page.isEmpty() ? ResultSet.response(null, null, null, all.size())
                : ResultSet.response(page.get(0).getKey(), from, page.get(page.size() - 1).getKey(), all.size());
        return request.result(new DiscoItems(null, page.stream().map(RoomDirectory::item).toList(), response).toElement());
    }

    private static int indexOf(List<Map.Entry<String, String>> all, String jid) {
        for (int i = 0; i < all.size(); i++) if (all.get(i).getKey().equals(jid)) return i;
        return -1;
    }

    private static DiscoItems.Item item(Map.Entry<String, String> e) {
        return new DiscoItems.Item(e.getKey(), null, e.getValue());
    }
}
