package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.server.wire.CborSerializable;
import dev.parley.server.delivery.Client;
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
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import java.time.Duration;

/**
 * The public rooms of the service, for its disco#items (XEP-0045 §6.3), its list-rooms command and channel
 * search (XEP-0433): a map from room JID to {@link Listing}, replicated across the cluster with Distributed
 * Data. Rooms publish themselves, on the node that hosts them, when they become or stop being listed;
 * each listing names that node.
 *
 * <p>Consistency: a listing is written to a majority of the nodes and read from a majority for each request,
 * so a room listed on one node is in the next answer on any other (a read that cannot reach a majority in
 * time answers from the local replica). When a node leaves or is removed, the listings it hosted are
 * forgotten: a temporary room ends with it; a persistent room stays listed (it exists, and loads on another
 * node with its next stanza) with no occupants.
 */
public final class RoomDirectory {
    public sealed interface Command {}

    /** A room's listing, or null when it is not listed (hidden, locked, destroyed). */
    public record Publish(String room, Listing listing) implements Command, CborSerializable {}

    /** The service's list-rooms command (XEP-0050): answered to {@code replyTo}. Node-local: a session asks its node's replica. */
    public record ListRooms(dev.parley.protocol.xml.Element request, String sessionId, Client replyTo) implements Command, NoSerializationVerificationNeeded {}

    /** A channel search (XEP-0433): answered to {@code replyTo}. */
    public record Search(Iq request, Client replyTo) implements Command, NoSerializationVerificationNeeded {}

    /** The service's disco#items: answered to {@code replyTo}, paged with XEP-0059. */
    public record Items(Iq request, Client replyTo) implements Command, NoSerializationVerificationNeeded {}

    /** The replica, read for one request. */
    private record Read(Replicator.GetResponse<LWWMap<String, Listing>> response, Command request, boolean local)
            implements Command, NoSerializationVerificationNeeded {}

    private record Updated(Replicator.UpdateResponse<LWWMap<String, Listing>> response) implements Command, NoSerializationVerificationNeeded {}

    /** A node left the cluster: its temporary rooms are gone, its persistent ones empty. */
    private record NodeRemoved(String address) implements Command, NoSerializationVerificationNeeded {}

    private static final Key<LWWMap<String, Listing>> KEY = LWWMapKey.create("public-rooms");
    private static final Duration MAJORITY = Duration.ofSeconds(3);

    private RoomDirectory() {}

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> DistributedData.withReplicatorMessageAdapter(
                (ReplicatorMessageAdapter<Command, LWWMap<String, Listing>> replicator) -> {
                    SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
                    String self = Cluster.get(ctx.getSystem()).selfMember().address().toString();
                    ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                            e -> new NodeRemoved(e.member().address().toString()));
                    Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
                    return Behaviors.receive(Command.class)
                            .onMessage(Publish.class, p -> {
                                Listing listing = p.listing() == null ? null : p.listing().hostedBy(self);
                                replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), new Replicator.WriteMajority(MAJORITY), replyTo,
                                        map -> listing != null ? map.put(node, p.room(), listing) : map.remove(node, p.room())), Updated::new);
                                return Behaviors.same();
                            })
                            .onMessage(Updated.class, u -> Behaviors.same()) // a majority not reached in time: the write spreads by gossip
                            .onMessage(NodeRemoved.class, r -> {
                                replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), Replicator.writeLocal(), replyTo,
                                        map -> forget(map, node, r.address())), Updated::new);
                                return Behaviors.same();
                            })
                            .onMessage(Items.class, i -> read(replicator, i, false))
                            .onMessage(ListRooms.class, q -> read(replicator, q, false))
                            .onMessage(Search.class, q -> read(replicator, q, false))
                            .onMessage(Read.class, r -> {
                                if (r.response() instanceof Replicator.GetSuccess<LWWMap<String, Listing>> found) {
                                    answer(r.request(), new TreeMap<>(found.get(KEY).getEntries()));
                                } else if (r.response() instanceof Replicator.NotFound<LWWMap<String, Listing>>) {
                                    answer(r.request(), new TreeMap<>());
                                } else if (!r.local()) {
                                    return read(replicator, r.request(), true); // no majority in time: this node's replica
                                } else {
                                    answer(r.request(), new TreeMap<>());
                                }
                                return Behaviors.same();
                            })
                            .build();
                }));
    }

    private static Behavior<Command> read(ReplicatorMessageAdapter<Command, LWWMap<String, Listing>> replicator, Command request, boolean local) {
        replicator.askGet(replyTo -> new Replicator.Get<>(KEY, local ? Replicator.readLocal() : new Replicator.ReadMajority(MAJORITY), replyTo),
                r -> new Read(r, request, local));
        return Behaviors.same();
    }

    /** The listings hosted by {@code address}, forgotten (temporary) or emptied (persistent). */
    static LWWMap<String, Listing> forget(LWWMap<String, Listing> map, SelfUniqueAddress self, String address) {
        LWWMap<String, Listing> out = map;
        for (Map.Entry<String, Listing> e : map.getEntries().entrySet()) {
            Listing l = e.getValue();
            if (!address.equals(l.host())) continue;
            out = l.persistent() ? out.put(self, e.getKey(), l.hostedBy(null).withOccupants(0)) : out.remove(self, e.getKey());
        }
        return out;
    }

    private static void answer(Command request, TreeMap<String, Listing> rooms) {
        if (request instanceof Items i) i.replyTo().tell(items(i.request(), rooms).element());
        if (request instanceof Search q) q.replyTo().tell(ChannelSearch.answer(q.request(), rooms).element());
        if (request instanceof ListRooms l) {
            Iq iq = (Iq) dev.parley.protocol.stanza.Stanza.from(l.request());
            l.replyTo().tell(ServiceCommands.roomTable(iq, l.sessionId(), rooms).element());
        }
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
