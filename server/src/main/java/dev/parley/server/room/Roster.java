package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.Actor;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who is in a room and how the room reaches them: the occupant list (live state), the one place that owns
 * its maps, by nickname in order of entry, by real JID, and by the node each occupant's session runs on;
 * what each occupant may see of the others (real JIDs: §7.2.3–§7.2.4); and the fan-out, which serialises
 * a stanza once per variant ({@link PreparedStanza}) and sends it once per node: directly to the sessions
 * of this node, in one {@link NodeDelivery.FanOut} to each other node that has occupants.
 */
final class Roster {
    private final BareJid jid;
    // The maps are made anew when the room empties: a map keeps the table it grew to, and a room that had
    // occupants once would keep four of them for nobody (docs/footprint.md).
    /** Occupants by the comparable form of their nickname, in order of entry. */
    private Map<String, Occupant> byNick;
    /** Each occupant's seat, by real JID: the key of its nickname, and its presence serialised (see {@link Seat}). */
    private Map<FullJid, Seat> seats;
    /** Occupants by the node their session runs on (its delivery actor), each node's in order of entry. */
    private Map<ActorRef<NodeDelivery.Command>, Map<FullJid, Occupant>> byNode;
    private Collection<Occupant> all;
    /** Whether everyone sees real JIDs (whois=anyone), as of the room's configuration. */
    boolean nonAnonymous;
    /** The room's occupant ids (XEP-0421), or null in a room without a secret. */
    private OccupantIds ids;
    private String idsSecret;

    /**
     * What the room keeps per occupant besides its record: the comparable form of its nickname (the key in
     * {@code byNick}), and its presence as the room sends it, serialised once ({@link PreparedStanza}), with and
     * without its real JID. Those are made when first needed and dropped when the occupant changes: a newcomer
     * receives every other occupant's presence (§7.2.2), so N entries cost N serialisations, not N²
     * (docs/footprint.md).
     */
    private static final class Seat {
        final String nick;
        PreparedStanza withJid;
        PreparedStanza withoutJid;
        /** The occupant's message bucket (MessageRate): what it may still send at once, as of {@link #refilledAt}; NaN until it first sends. */
        float tokens = Float.NaN;
        long refilledAt;

        Seat(String nick) {
            this.nick = nick;
        }
    }

    /**
     * Whether occupant {@code o} may send one more message now (feature/MessageRate): a token bucket of
     * {@code burst} messages, refilled at {@code perMinute} a minute, kept on its seat (no map of its own);
     * taken from when it may. A bucket survives a change of nickname, not leaving the room.
     */
    boolean mayPost(Occupant o, int perMinute, int burst, long nowNanos) {
        Seat seat = seats.get(o.realJid());
        if (seat == null || perMinute <= 0) return true;
        float tokens = Float.isNaN(seat.tokens) ? burst
                : (float) Math.min(burst, seat.tokens + (nowNanos - seat.refilledAt) * (perMinute / 60e9));
        seat.refilledAt = nowNanos;
        if (tokens < 1) {
            seat.tokens = tokens;
            return false;
        }
        seat.tokens = tokens - 1;
        return true;
    }

    /** The roles whose presence the others receive (muc#roomconfig_presencebroadcast). */
    private List<String> broadcastRoles = RoomConfig.DEFAULT.presenceBroadcast();

    /** Stops watching an occupant's session (the room watches each occupant's session while it is in). */
    private final Consumer<ActorRef<Inbox>> unwatch;

    Roster(BareJid jid, Consumer<ActorRef<Inbox>> unwatch) {
        this.jid = jid;
        this.unwatch = unwatch;
        empty();
    }

    private void empty() {
        byNick = new LinkedHashMap<>(4);
        seats = new HashMap<>(4);
        byNode = new LinkedHashMap<>(2);
        all = Collections.unmodifiableCollection(byNick.values());
    }

    // --- the list ------------------------------------------------------------------------------------------

    int size() {
        return byNick.size();
    }

    boolean isEmpty() {
        return byNick.isEmpty();
    }

    /** Every occupant, in order of entry (a read-only view: copy it to change the list while going through it). */
    Collection<Occupant> all() {
        return all;
    }

    /** The occupant with this nickname (its comparable form), or null. */
    Occupant atNick(String comparableNick) {
        return byNick.get(comparableNick);
    }

    boolean nickInUse(String comparableNick) {
        return byNick.containsKey(comparableNick);
    }

    Occupant occupantOf(FullJid realJid) {
        Seat seat = seats.get(realJid);
        return seat == null ? null : byNick.get(seat.nick);
    }

    boolean contains(FullJid realJid) {
        return seats.containsKey(realJid);
    }

    /** Every occupant by real JID, as they are now (a copy: to compare with after a change). */
    Map<FullJid, Occupant> records() {
        Map<FullJid, Occupant> copy = new HashMap<>();
        for (Occupant o : byNick.values()) copy.put(o.realJid(), o);
        return copy;
    }

    /** A newcomer (the caller watches its session). */
    void add(Occupant o) {
        byNick.put(o.nick().comparable(), o);
        seats.put(o.realJid(), new Seat(o.nick().comparable()));
        byNode.computeIfAbsent(o.client().node(), n -> new LinkedHashMap<>()).put(o.realJid(), o);
    }

    /** An occupant whose presence, role or affiliation changed (same real JID, same nickname). */
    void update(Occupant changed) {
        Seat seat = seats.get(changed.realJid());
        if (seat != null) seat.withJid = seat.withoutJid = null;
        byNick.put(changed.nick().comparable(), changed);
        Map<FullJid, Occupant> node = byNode.get(changed.client().node());
        if (node != null) node.put(changed.realJid(), changed);
    }

    /** An occupant under a new nickname: it keeps its session, and takes its place last in the order of entry. */
    void rename(Occupant old, Occupant renamed) {
        byNick.remove(old.nick().comparable());
        byNick.put(renamed.nick().comparable(), renamed);
        Seat seat = new Seat(renamed.nick().comparable());
        Seat before = seats.put(renamed.realJid(), seat);
        if (before != null) { // a new name is not a new allowance
            seat.tokens = before.tokens;
            seat.refilledAt = before.refilledAt;
        }
        Map<FullJid, Occupant> node = byNode.get(renamed.client().node());
        if (node != null) node.put(renamed.realJid(), renamed);
    }

    /** Takes an occupant out of the list, and stops watching its session; null when {@code realJid} is not in. */
    Occupant take(FullJid realJid) {
        Seat seat = seats.remove(realJid);
        if (seat == null) return null;
        Occupant gone = byNick.remove(seat.nick);
        Map<FullJid, Occupant> node = byNode.get(gone.client().node());
        if (node != null) {
            node.remove(realJid);
            if (node.isEmpty()) byNode.remove(gone.client().node());
        }
        unwatch.accept(gone.client().session());
        if (byNick.isEmpty()) empty();
        return gone;
    }

    /** Everyone out, without a word (the caller has told them). */
    void clear() {
        for (Occupant o : byNick.values()) unwatch.accept(o.client().session());
        empty();
    }

    // --- what occupants see --------------------------------------------------------------------------------

    /** Follows the room's state: its anonymity, whose presence is broadcast, the key of its occupant ids. */
    void follow(RoomState state) {
        nonAnonymous = state.config().nonAnonymous();
        broadcastRoles = state.config().presenceBroadcast();
        if (state.secret() != null && !state.secret().equals(idsSecret)) {
            ids = new OccupantIds(state.secret());
            idsSecret = state.secret();
            for (Seat seat : seats.values()) seat.withJid = seat.withoutJid = null; // their occupant ids are another room's, or none
        }
    }

    /** {@code stanza} from occupant {@code o}, with the room's occupant-id in place of any the client claimed (XEP-0421 §4). */
    Element stamped(Element stanza, Occupant o) {
        Element clean = OccupantIds.withoutClaimed(stanza);
        return ids == null ? clean : clean.withChild(ids.element(o.realJid().asBare().toString()));
    }

    /** Whether the others learn of this occupant's presence: its role is one the room broadcasts. */
    boolean broadcasts(Occupant o) {
        return broadcastRoles.contains(o.role().value());
    }

    void broadcastPresence(Occupant o, boolean includeSelf) {
        if (broadcasts(o)) fanOut(preparedPresence(o, true), preparedPresence(o, false), o); // the occupant's own copy, with 110, is sent apart
        // muc#roomconfig_presencebroadcast: when its role is not broadcast, only the occupant itself hears of it
        if (includeSelf) o.client().tell(presenceOf(o, true, Status.PRESENCE_TO_SELF_110).withAttribute("to", o.realJid().toString()));
    }

    /** {@link #presenceOf} without status codes, serialised once for as long as the occupant does not change. */
    PreparedStanza preparedPresence(Occupant o, boolean showRealJid) {
        Seat seat = seats.get(o.realJid());
        if (seat == null) return PreparedStanza.of(presenceOf(o, showRealJid)); // not (or no longer) in
        PreparedStanza p = showRealJid ? seat.withJid : seat.withoutJid;
        if (p == null) {
            // bytes only: the element is made again only for a bounce (docs/footprint.md)
            p = PreparedStanza.compact(presenceOf(o, showRealJid), dev.parley.server.wire.ElementJacksonModule::parseStanza);
            if (showRealJid) seat.withJid = p;
            else seat.withoutJid = p;
        }
        return p;
    }

    /** The occupant's presence as the room sends it: from its occupant JID, with the muc#user item. */
    Element presenceOf(Occupant o, boolean showRealJid, Status... codes) {
        return stamped(o.presence().withAttribute("from", occupantJid(o))
                .withChild(MucUser.of(item(o, showRealJid), codes).toElement()), o);
    }

    /** §7.2.3–§7.2.4: everyone sees real JIDs in a non-anonymous room, only moderators in a semi-anonymous one. */
    boolean seesRealJids(Occupant r) {
        return nonAnonymous || r.role() == Role.MODERATOR;
    }

    /** The item of an occupant's presence, with or without the real JID. */
    static MucItem item(Occupant o, boolean showRealJid) {
        return new MucItem(o.affiliation(), o.role(), showRealJid ? o.realJid().toString() : null, null, null, null, null);
    }

    String occupantJid(Occupant o) {
        return jid + "/" + o.nick().value();
    }

    /** The presence the occupant sent, minus what the room replaces (its muc and muc#user elements). */
    static Element withoutMucElements(Element presence) {
        return presence.withoutChildren(n -> n instanceof Element e
                && (e.namespace().equals(MucJoin.NAMESPACE) || e.namespace().equals(MucUser.NAMESPACE)))
                .withAttribute("to", null).withAttribute("from", null).withAttribute("type", null);
    }

    /**
     * To every occupant but {@code except}: moderators' copy (real JIDs) or everyone else's, each serialised
     * once; sessions on this node get theirs directly, each other node one message with its recipients.
     */
    void fanOut(Element forModerators, Element forOthers, Occupant except) {
        PreparedStanza mods = PreparedStanza.of(forModerators);
        fanOut(mods, forOthers == forModerators ? mods : PreparedStanza.of(forOthers), except);
    }

    /** {@link #fanOut(Element, Element, Occupant)} with both copies serialised already. */
    void fanOut(PreparedStanza mods, PreparedStanza others, Occupant except) {
        FullJid skip = except == null ? null : except.realJid();
        for (Map.Entry<ActorRef<NodeDelivery.Command>, Map<FullJid, Occupant>> node : byNode.entrySet()) {
            if (node.getKey().path().address().hasLocalScope()) {
                for (Occupant r : node.getValue().values()) {
                    if (r.realJid().equals(skip)) continue;
                    r.client().session().tell(new Inbox.DeliverPrepared(seesRealJids(r) ? mods : others, r.realJid().toString()));
                }
                continue;
            }
            List<NodeDelivery.Addressee> toMods = new ArrayList<>();
            List<NodeDelivery.Addressee> toOthers = mods == others ? toMods : new ArrayList<>();
            for (Occupant r : node.getValue().values()) {
                if (r.realJid().equals(skip)) continue;
                (seesRealJids(r) ? toMods : toOthers).add(new NodeDelivery.Addressee(r.client().id(), r.realJid().toString()));
            }
            List<NodeDelivery.Copy> copies = new ArrayList<>(2);
            if (!toMods.isEmpty()) copies.add(new NodeDelivery.Copy(mods, toMods));
            if (toOthers != toMods && !toOthers.isEmpty()) copies.add(new NodeDelivery.Copy(others, toOthers));
            if (!copies.isEmpty()) node.getKey().tell(new NodeDelivery.FanOut(copies));
        }
    }

    /** Removes an occupant the room sends away (kick 307, ban 301, 321, 333): everyone is told, the occupant with 110. */
    void remove(Occupant o, Status code, Actor by, String reason) {
        Occupant gone = take(o.realJid());
        if (gone == null) return;
        MucItem item = new MucItem(o.affiliation(), Role.NONE, null, null, by, reason, null);
        Element unavailable = stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(gone)).build(), gone);
        fanOut(unavailable.withChild(MucUser.of(item.withJid(o.realJid().toString()), code).toElement()),
                unavailable.withChild(MucUser.of(item, code).toElement()), null);
        gone.client().tell(unavailable.withChild(MucUser.of(item.withJid(o.realJid().toString()), Status.PRESENCE_TO_SELF_110, code)
                .toElement()).withAttribute("to", o.realJid().toString()));
    }

    /** §11.2: each occupant gets its own unavailable presence with 110 and 332; the room is empty after. */
    void removeAllForShutdown() {
        for (Occupant o : byNick.values()) {
            MucUser x = MucUser.of(MucItem.of(o.affiliation(), Role.NONE), Status.PRESENCE_TO_SELF_110, Status.REMOVED_SHUTDOWN_332);
            o.client().tell(stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(o))
                    .attribute("to", o.realJid().toString()).add(x.toElement()).build(), o));
        }
        clear();
    }
}
