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
import dev.parley.server.delivery.WakeUps;
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
    /**
     * Occupants by the comparable form of their nickname, in order of entry: for a user in the room from several
     * devices (resources) under one nickname, its first device's record, the one the others see (its presence).
     */
    private Map<String, Occupant> byNick;
    /**
     * The devices of occupants that have more than one (XEP-0045 §7.2.8: one user, several resources, one nickname),
     * by nickname, in order of entry; null while nobody has (most rooms).
     */
    private Map<String, List<FullJid>> devices;
    /** Each occupant's seat, by real JID: the key of its nickname, and its presence serialised (see {@link Seat}). */
    private Map<FullJid, Seat> seats;
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
        /** This device's own record (its real JID, session and presence; role and affiliation the occupant's). */
        Occupant device;
        PreparedStanza withJid;
        PreparedStanza withoutJid;
        /** The occupant's message bucket (MessageRate): what it may still send at once, as of {@link #refilledAt}; NaN until it first sends. */
        float tokens = Float.NaN;
        long refilledAt;

        Seat(String nick, Occupant device) {
            this.nick = nick;
            this.device = device;
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

    /** The room's hats (XEP-0317): each occupant's presence shows those its user wears. */
    private Hats hats = Hats.NONE;

    /** The roles whose presence the others receive (muc#roomconfig_presencebroadcast). */
    private List<String> broadcastRoles = RoomConfig.DEFAULT.presenceBroadcast();

    /** Stops watching an occupant's session (the room watches each occupant's session while it is in). */
    private final Consumer<ActorRef<Inbox>> unwatch;

    /** Told when the roster serialises a presence while none is kept: the room then drops them a while later. */
    private final Runnable prepared;
    /** Whether the room was told (see {@link #prepared}) since the serialised presences were last dropped. */
    private boolean dropPending;

    Roster(BareJid jid, Consumer<ActorRef<Inbox>> unwatch) {
        this(jid, unwatch, () -> {});
    }

    Roster(BareJid jid, Consumer<ActorRef<Inbox>> unwatch, Runnable prepared) {
        this.jid = jid;
        this.unwatch = unwatch;
        this.prepared = prepared;
        empty();
    }

    /**
     * Drops every occupant's serialised presence: they serve the newcomers of a burst of entries (N copies, not N
     * serialisations, per newcomer), and a room kept them for as long as its occupants stayed, about 400 bytes
     * each. The next newcomer after a quiet while costs one serialisation per occupant again (docs/footprint.md).
     */
    void dropPreparedPresences() {
        for (Seat seat : seats.values()) seat.withJid = seat.withoutJid = null;
        dropPending = false;
    }

    /** How many occupants' serialised presences the room keeps (for tests). */
    int preparedPresences() {
        int n = 0;
        for (Seat seat : seats.values()) if (seat.withJid != null) n++;
        return n;
    }

    /**
     * Nobody in: the maps are the shared empty ones (a room left loaded with nobody in it keeps no map of its
     * own, docs/footprint.md), made anew by the next {@link #add}, so that a room that was once full does not
     * keep the tables it grew to.
     */
    private void empty() {
        byNick = Collections.emptyMap();
        seats = Collections.emptyMap();
        devices = null;
        all = List.of();
        if (ids != null) ids.forget();
    }

    /** Whether the room keeps no occupant ids (it is empty): for tests. */
    boolean holdsNoIds() {
        return ids == null || ids.isEmpty();
    }

    /** Whether the room holds no maps of its own (it is empty): for tests. */
    boolean holdsNoMaps() {
        return byNick == Collections.<String, Occupant>emptyMap() && seats == Collections.<FullJid, Seat>emptyMap() && devices == null;
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

    /** The occupant a device belongs to (for a user in from several devices: the record the others see), or null. */
    Occupant occupantOf(FullJid realJid) {
        Seat seat = seats.get(realJid);
        return seat == null ? null : byNick.get(seat.nick);
    }

    /** This device's own record (its session and presence), or null when it is not in. */
    Occupant deviceOf(FullJid realJid) {
        Seat seat = seats.get(realJid);
        return seat == null ? null : seat.device;
    }

    /** Every device of occupant {@code o} (one for most), in order of entry. */
    List<Occupant> devicesOf(Occupant o) {
        List<FullJid> jids = devices == null ? null : devices.get(o.nick().comparable());
        if (jids == null) {
            Seat seat = seats.get(o.realJid());
            return List.of(seat == null ? o : seat.device);
        }
        List<Occupant> out = new ArrayList<>(jids.size());
        for (FullJid j : jids) out.add(seats.get(j).device);
        return out;
    }

    /** Whether the occupant {@code realJid} belongs to is in from another device as well. */
    boolean hasOtherDevices(FullJid realJid) {
        Seat seat = seats.get(realJid);
        return seat != null && devices != null && devices.containsKey(seat.nick);
    }

    /** Every device of every occupant, in order of entry per occupant. */
    List<Occupant> allDevices() {
        List<Occupant> out = new ArrayList<>(seats.size());
        for (Occupant o : byNick.values()) out.addAll(devicesOf(o));
        return out;
    }

    /** Whether the nickname is held by another user than {@code bareJid} (its own devices may share it, §7.2.8). */
    boolean nickHeldByOther(String comparableNick, String bareJid) {
        Occupant holder = byNick.get(comparableNick);
        return holder != null && !holder.realJid().asBare().toString().equals(bareJid);
    }

    boolean contains(FullJid realJid) {
        return seats.containsKey(realJid);
    }

    /** Every device by real JID, as they are now (a copy: to compare with after a change). */
    Map<FullJid, Occupant> records() {
        Map<FullJid, Occupant> copy = new HashMap<>();
        for (Seat seat : seats.values()) copy.put(seat.device.realJid(), seat.device);
        return copy;
    }

    /**
     * A newcomer (the caller watches its session); under the nickname of an occupant of the same user, another device
     * of that occupant (§7.2.8), with its role and affiliation.
     */
    void add(Occupant o) {
        if (byNick.isEmpty()) { // the first one in
            byNick = new LinkedHashMap<>(4);
            seats = new HashMap<>(4);
            all = Collections.unmodifiableCollection(byNick.values());
        }
        String key = o.nick().comparable();
        Occupant first = byNick.get(key);
        if (first != null && !first.realJid().equals(o.realJid())) {
            o = o.withAffiliation(first.affiliation(), first.role());
            if (devices == null) devices = new HashMap<>(2);
            devices.computeIfAbsent(key, k -> new ArrayList<>(List.of(first.realJid()))).add(o.realJid());
        } else {
            byNick.put(key, o);
        }
        seats.put(o.realJid(), new Seat(key, o));
    }

    /**
     * A device whose presence, role or affiliation changed (same real JID, same nickname); a change of role or
     * affiliation is the occupant's, on every device.
     */
    void update(Occupant changed) {
        Seat seat = seats.get(changed.realJid());
        if (seat == null) return;
        Occupant first = byNick.get(seat.nick);
        boolean privileges = first != null && (first.role() != changed.role() || first.affiliation() != changed.affiliation());
        put(seat, changed);
        if (privileges && devices != null && devices.containsKey(seat.nick)) {
            for (FullJid j : devices.get(seat.nick)) {
                Seat other = seats.get(j);
                if (other != seat) put(other, other.device.withAffiliation(changed.affiliation(), changed.role()));
            }
        }
    }

    private void put(Seat seat, Occupant record) {
        seat.withJid = seat.withoutJid = null;
        seat.device = record;
        Occupant first = byNick.get(seat.nick);
        if (first != null && first.realJid().equals(record.realJid())) byNick.put(seat.nick, record);
    }

    /** An occupant under a new nickname: it keeps its session, and takes its place last in the order of entry. */
    void rename(Occupant old, Occupant renamed) {
        byNick.remove(old.nick().comparable());
        byNick.put(renamed.nick().comparable(), renamed);
        Seat seat = new Seat(renamed.nick().comparable(), renamed);
        Seat before = seats.put(renamed.realJid(), seat);
        if (before != null) { // a new name is not a new allowance
            seat.tokens = before.tokens;
            seat.refilledAt = before.refilledAt;
        }
    }

    /**
     * Takes a device out of the list, and stops watching its session; null when {@code realJid} is not in. The
     * occupant stays while it has another device, the next one then the record the others see.
     */
    Occupant take(FullJid realJid) {
        Seat seat = seats.remove(realJid);
        if (seat == null) return null;
        Occupant gone = seat.device;
        List<FullJid> others = devices == null ? null : devices.get(seat.nick);
        if (others != null) {
            others.remove(realJid);
            if (byNick.get(seat.nick).realJid().equals(realJid)) byNick.put(seat.nick, seats.get(others.get(0)).device);
            if (others.size() == 1) devices.remove(seat.nick);
            if (devices.isEmpty()) devices = null;
        } else {
            byNick.remove(seat.nick);
        }
        unwatch.accept(gone.client().session());
        if (byNick.isEmpty()) empty();
        return gone;
    }

    /** Everyone out, without a word (the caller has told them). */
    void clear() {
        for (Seat seat : seats.values()) unwatch.accept(seat.device.client().session());
        empty();
    }

    // --- what occupants see --------------------------------------------------------------------------------

    /** Follows the room's state: its anonymity, whose presence is broadcast, the key of its occupant ids. */
    void follow(RoomState state) {
        nonAnonymous = state.config().nonAnonymous();
        broadcastRoles = state.config().presenceBroadcast();
        if (!state.hats().equals(hats)) {
            hats = state.hats();
            for (Seat seat : seats.values()) seat.withJid = seat.withoutJid = null; // presences show hats
        }
        if (state.secret() != null && !state.secret().equals(idsSecret)) {
            ids = new OccupantIds(state.secret());
            idsSecret = state.secret();
            for (Seat seat : seats.values()) seat.withJid = seat.withoutJid = null; // their occupant ids are another room's, or none
        }
    }

    /** {@code stanza} from occupant {@code o}, with the room's occupant-id in place of any the client claimed (XEP-0421 §4). */
    Element stamped(Element stanza, Occupant o) {
        Element clean = OccupantIds.withoutClaimed(stanza);
        // the last one out of a room (its unavailable presence): computed, not kept in a room nobody is in
        return ids == null ? clean : clean.withChild(ids.element(o.realJid().asBare().toString(), !byNick.isEmpty()));
    }

    /** Whether the others learn of this occupant's presence: its role is one the room broadcasts. */
    boolean broadcasts(Occupant o) {
        return broadcastRoles.contains(o.role().value());
    }

    /** The occupant's presence to the others, and with {@code includeSelf} with 110 to each of its own devices. */
    void broadcastPresence(Occupant o, boolean includeSelf) {
        if (broadcasts(o)) { // the occupant's own copies, with 110, are sent apart
            PreparedStanza[] both = preparedPresences(o);
            fanOut(both[0], both[1], o);
        }
        // muc#roomconfig_presencebroadcast: when its role is not broadcast, only the occupant itself hears of it
        if (includeSelf) {
            Element self = presenceOf(o, true, Status.PRESENCE_TO_SELF_110);
            for (Occupant d : devicesOf(o)) d.client().tell(self.withAttribute("to", d.realJid().toString()));
        }
    }

    /**
     * From how many occupants a room keeps their serialised presences for a burst of entries. In a smaller room a
     * newcomer costs a few serialisations, one per occupant, and keeping them would cost each occupant about 400
     * bytes for the half minute after anyone entered (docs/footprint.md): most rooms are small.
     */
    static final int KEEP_PRESENCES_FROM = 8;

    /**
     * {@link #presenceOf} without status codes; in a room of {@value #KEEP_PRESENCES_FROM} or more, serialised once
     * for as long as the occupant does not change (until the room drops them, {@link #dropPreparedPresences}).
     */
    PreparedStanza preparedPresence(Occupant o, boolean showRealJid) {
        Seat seat = seats.get(o.realJid());
        if (seat == null || seat.withJid == null && size() < KEEP_PRESENCES_FROM) {
            return PreparedStanza.of(presenceOf(o, showRealJid)); // not (or no longer) in, or in a small room: not kept
        }
        return preparedPresences(o, seat)[showRealJid ? 0 : 1];
    }

    /** The occupant's presence with its real JID and without, serialised together (kept as {@link #preparedPresence} says). */
    private PreparedStanza[] preparedPresences(Occupant o) {
        Seat seat = seats.get(o.realJid());
        if (seat == null) return new PreparedStanza[] {PreparedStanza.of(presenceOf(o, true)), PreparedStanza.of(presenceOf(o, false))};
        return preparedPresences(o, seat);
    }

    private PreparedStanza[] preparedPresences(Occupant o, Seat seat) {
        if (seat.withJid != null) return new PreparedStanza[] {seat.withJid, seat.withoutJid};
        // bytes only, the element made again only for a bounce; the two variants differ by the item's jid
        // attribute, and the one without it is the other's bytes with that attribute skipped (docs/footprint.md)
        PreparedStanza[] both = PreparedStanza.variants(presenceOf(o, true), presenceOf(o, false), dev.parley.server.wire.ElementJacksonModule::parseStanza);
        if (size() < KEEP_PRESENCES_FROM) return both;
        seat.withJid = both[0];
        seat.withoutJid = both[1];
        if (!dropPending) {
            dropPending = true;
            prepared.run();
        }
        return both;
    }

    /** The occupant's presence as the room sends it: from its occupant JID, with the muc#user item. */
    Element presenceOf(Occupant o, boolean showRealJid, Status... codes) {
        Element p = o.presence().withAttribute("from", occupantJid(o)).withChild(MucUser.of(item(o, showRealJid), codes).toElement());
        Element worn = hats.of(o.realJid().asBare().toString()); // XEP-0317 §3.1
        return stamped(worn == null ? p : p.withChild(worn), o);
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

    /** The presence the occupant sent, minus what the room replaces (its muc and muc#user elements, and any hats it claims). */
    static Element withoutMucElements(Element presence) {
        return presence.withoutChildren(n -> n instanceof Element e
                && (e.namespace().equals(MucJoin.NAMESPACE) || e.namespace().equals(MucUser.NAMESPACE) || e.namespace().equals(Hats.NAMESPACE)))
                .withAttribute("to", null).withAttribute("from", null).withAttribute("type", null);
    }

    /**
     * To every occupant but {@code except} (none of its devices): moderators' copy (real JIDs) or everyone else's,
     * each serialised once; sessions on this node get theirs directly, each other node one message with its
     * recipients. An occupant in from several devices receives it on each.
     */
    void fanOut(Element forModerators, Element forOthers, Occupant except) {
        PreparedStanza mods = PreparedStanza.of(forModerators);
        fanOut(mods, forOthers == forModerators ? mods : PreparedStanza.of(forOthers), except);
    }

    /**
     * {@link #fanOut(Element, Element, Occupant)} with both copies serialised already. The sessions on this node are
     * told directly (their event loops woken once each, after all are told); each other node gets one message with
     * its recipients, gathered here: the room keeps no list of its occupants by node (about 160 bytes an occupant in
     * a room of two, docs/footprint.md, fourteenth pass), and a room all on one node gathers nothing.
     */
    void fanOut(PreparedStanza mods, PreparedStanza others, Occupant except) {
        String skip = except == null ? null : except.nick().comparable();
        Map<ActorRef<NodeDelivery.Command>, NodeCopies> remote = null;
        WakeUps.begin();
        try {
            for (Seat seat : seats.values()) {
                Occupant r = seat.device;
                if (skip != null && seat.nick.equals(skip)) continue;
                ActorRef<NodeDelivery.Command> node = r.client().node();
                if (node.path().address().hasLocalScope()) {
                    r.client().session().tell(new Inbox.DeliverPrepared(seesRealJids(r) ? mods : others, r.realJid().toString()));
                    continue;
                }
                if (remote == null) remote = new HashMap<>(4);
                remote.computeIfAbsent(node, n -> new NodeCopies(mods == others)).add(seesRealJids(r), r);
            }
        } finally {
            WakeUps.end();
        }
        if (remote == null) return;
        for (Map.Entry<ActorRef<NodeDelivery.Command>, NodeCopies> node : remote.entrySet()) {
            node.getKey().tell(node.getValue().fanOut(mods, others));
        }
    }

    /** One other node's recipients of a fan-out: those who see real JIDs, and the others (one list if one copy). */
    private static final class NodeCopies {
        private final List<NodeDelivery.Addressee> toMods = new ArrayList<>();
        private final List<NodeDelivery.Addressee> toOthers;

        NodeCopies(boolean oneCopy) {
            toOthers = oneCopy ? toMods : new ArrayList<>();
        }

        void add(boolean seesRealJids, Occupant r) {
            (seesRealJids ? toMods : toOthers).add(new NodeDelivery.Addressee(r.client().id(), r.realJid().toString()));
        }

        NodeDelivery.FanOut fanOut(PreparedStanza mods, PreparedStanza others) {
            List<NodeDelivery.Copy> copies = new ArrayList<>(2);
            if (!toMods.isEmpty()) copies.add(new NodeDelivery.Copy(mods, toMods));
            if (toOthers != toMods && !toOthers.isEmpty()) copies.add(new NodeDelivery.Copy(others, toOthers));
            return new NodeDelivery.FanOut(copies);
        }
    }

    /** §10.2.1 status 104 to everyone: the room's configuration (or its hats, its avatar) changed; clients may look again. */
    void configurationChanged() {
        Element notice = dev.parley.protocol.stanza.Message.builder(dev.parley.protocol.stanza.Message.Type.GROUPCHAT).attribute("from", jid.toString())
                .attribute("id", java.util.UUID.randomUUID().toString())
                .add(new MucUser(List.of(), List.of(Status.CONFIGURATION_CHANGED_104), List.of(), null, null, null).toElement()).build();
        fanOut(notice, notice, null);
    }

    /**
     * Removes an occupant the room sends away (kick 307, ban 301, 321, 333), from every device: everyone is told,
     * each of its devices with 110.
     */
    void remove(Occupant o, Status code, Actor by, String reason) {
        if (!seats.containsKey(o.realJid())) return;
        List<Occupant> gone = devicesOf(byNick.get(seats.get(o.realJid()).nick));
        for (Occupant d : gone) take(d.realJid());
        MucItem item = new MucItem(o.affiliation(), Role.NONE, null, null, by, reason, null);
        Element unavailable = stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(o)).build(), o);
        fanOut(unavailable.withChild(MucUser.of(item.withJid(o.realJid().toString()), code).toElement()),
                unavailable.withChild(MucUser.of(item, code).toElement()), null);
        for (Occupant d : gone) {
            d.client().tell(unavailable.withChild(MucUser.of(item.withJid(d.realJid().toString()), Status.PRESENCE_TO_SELF_110, code)
                    .toElement()).withAttribute("to", d.realJid().toString()));
        }
    }

    /** §11.2: each device gets its own unavailable presence with 110 and 332; the room is empty after. */
    void removeAllForShutdown() {
        for (Occupant o : allDevices()) {
            MucUser x = MucUser.of(MucItem.of(o.affiliation(), Role.NONE), Status.PRESENCE_TO_SELF_110, Status.REMOVED_SHUTDOWN_332);
            o.client().tell(stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(o))
                    .attribute("to", o.realJid().toString()).add(x.toElement()).build(), o));
        }
        clear();
    }
}
