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

    /** A room's listing, or null when it is not listed (hidden, locked, destroyed). */
    public record Publish(String room, Listing listing) implements Command, CborSerializable {}

    /** The service's list-rooms command (XEP-0050): answered to {@code replyTo}. */
    public record ListRooms(dev.parley.protocol.xml.Element request, String sessionId, ActorRef<Session.Command> replyTo) implements Command {}

    /** A channel search (XEP-0433): answered to {@code replyTo}. */
    public record Search(Iq request, ActorRef<Session.Command> replyTo) implements Command {}

    /** The service's disco#items: answered to {@code replyTo}, paged with XEP-0059. */
    public record Items(Iq request, ActorRef<Session.Command> replyTo) implements Command {}

    /** The local replica, read for one request. */
    private record Read(Replicator.GetResponse<LWWMap<String, Listing>> response, Command request) implements Command {}

    private record Updated(Replicator.UpdateResponse<LWWMap<String, Listing>> response) implements Command {}

    private static final Key<LWWMap<String, Listing>> KEY = LWWMapKey.create("public-rooms");

    private RoomDirectory() {}

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> DistributedData.withReplicatorMessageAdapter(
                (org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter<Command, LWWMap<String, Listing>> replicator) -> {
                    SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
                    return Behaviors.receive(Command.class)
                            .onMessage(Publish.class, p -> {
                                replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), Replicator.writeLocal(), replyTo,
                                        map -> p.listing() != null ? map.put(node, p.room(), p.listing()) : map.remove(node, p.room())), Updated::new);
                                return Behaviors.same();
                            })
                            .onMessage(Updated.class, u -> Behaviors.same())
                            .onMessage(Items.class, i -> {
                                // the replicator applies this node's updates in the order sent, so this read sees them
                                replicator.askGet(replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo), r -> new Read(r, i));
                                return Behaviors.same();
                            })
                            .onMessage(ListRooms.class, q -> {
                                replicator.askGet(replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo), r -> new Read(r, q));
                                return Behaviors.same();
                            })
                            .onMessage(Search.class, q -> {
                                replicator.askGet(replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo), r -> new Read(r, q));
                                return Behaviors.same();
                            })
                            .onMessage(Read.class, r -> {
                                TreeMap<String, Listing> rooms = new TreeMap<>();
                                if (r.response() instanceof Replicator.GetSuccess<LWWMap<String, Listing>> found) rooms.putAll(found.get(KEY).getEntries());
                                if (r.request() instanceof Items i) i.replyTo().tell(new Session.Deliver(items(i.request(), rooms).element()));
                                if (r.request() instanceof Search q) q.replyTo().tell(new Session.Deliver(ChannelSearch.answer(q.request(), rooms).element()));
                                if (r.request() instanceof ListRooms l) {
                                    Iq request = (Iq) dev.parley.protocol.stanza.Stanza.from(l.request());
                                    l.replyTo().tell(new Session.Deliver(ServiceCommands.roomTable(request, l.sessionId(), rooms).element()));
                                }
                                return Behaviors.same();
                            })
                            .build();
                }));
    }

    /** The page of rooms the request asks for (XEP-0059 §2: max, after, before, index); all of them without RSM. */
    static Iq items(Iq request, TreeMap<String, Listing> rooms) {
        ResultSet rsm;
        try {
            rsm = ResultSet.from(request.payload().child(ResultSet.ELEMENT, ResultSet.NAMESPACE));
        } catch (IllegalArgumentException e) {
            return request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage()));
        }
        Page page = Page.of(new ArrayList<>(rooms.entrySet()), rsm);
        if (page == null) return request.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such item")); // XEP-0059 §2.6
        return request.result(new DiscoItems(null, page.items().stream().map(RoomDirectory::item).toList(), page.response()).toElement());
    }

    /** One page of rooms, in the order given, as XEP-0059 asks; all of them without RSM. */
    record Page(List<Map.Entry<String, Listing>> items, ResultSet response) {
        /** The page {@code rsm} asks for (max, after, before, index), or null when it names an item not in the list. */
        static Page of(List<Map.Entry<String, Listing>> all, ResultSet rsm) {
            if (rsm == null) return new Page(all, null);
            int from = 0;
            int to = all.size();
            int max = rsm.max() == null ? all.size() : rsm.max();
            if (rsm.after() != null) {
                int at = indexOf(all, rsm.after());
                if (at < 0) return null;
                from = at + 1;
            } else if (rsm.before() != null) {
                if (!rsm.before().isEmpty()) {
                    to = indexOf(all, rsm.before());
                    if (to < 0) return null;
                }
                from = Math.max(0, to - max);
            } else if (rsm.index() != null) {
                from = Math.min(rsm.index(), all.size());
            }
            to = Math.min(to, from + max);
            List<Map.Entry<String, Listing>> page = all.subList(from, Math.max(from, to));
            ResultSet response = max == 0 || page.isEmpty() ? ResultSet.response(null, null, null, all.size())
                    : ResultSet.response(page.get(0).getKey(), from, page.get(page.size() - 1).getKey(), all.size());
            return new Page(page, response);
        }

        private static int indexOf(List<Map.Entry<String, Listing>> all, String jid) {
            for (int i = 0; i < all.size(); i++) if (all.get(i).getKey().equals(jid)) return i;
            return -1;
        }
    }

    private static DiscoItems.Item item(Map.Entry<String, Listing> e) {
        return new DiscoItems.Item(e.getKey(), null, e.getValue().name());
    }
}
