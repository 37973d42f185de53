package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.muc.Actor;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.session.Session;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who is in a room and how the room reaches them: the occupants (live state, by nickname in order of
 * entry, and by real JID), what each may see of the others (real JIDs: §7.2.3–§7.2.4), and the fan-out
 * that serialises a stanza once per variant ({@link PreparedStanza}).
 */
final class Roster {
    private final BareJid jid;
    /** Occupants by the comparable form of their nickname, in order of entry. */
    final Map<String, Occupant> byNick = new LinkedHashMap<>();
    final Map<FullJid, String> nickOf = new HashMap<>();
    /** Whether everyone sees real JIDs (whois=anyone), as of the room's configuration. */
    boolean nonAnonymous;
    /** The room's occupant ids (XEP-0421), or null in a room without a secret. */
    private OccupantIds ids;
    private String idsSecret;

    /** The roles whose presence the others receive (muc#roomconfig_presencebroadcast). */
    private java.util.List<String> broadcastRoles = RoomConfig.DEFAULT.presenceBroadcast();

    /** Follows the room's state: its anonymity, whose presence is broadcast, the key of its occupant ids. */
    void follow(RoomState state) {
        nonAnonymous = state.config().nonAnonymous();
        broadcastRoles = state.config().presenceBroadcast();
        if (state.secret() != null && !state.secret().equals(idsSecret)) {
            ids = new OccupantIds(state.secret());
            idsSecret = state.secret();
        }
    }

    /** {@code stanza} from occupant {@code o}, with the room's occupant-id in place of any the client claimed (XEP-0421 §4). */
    Element stamped(Element stanza, Occupant o) {
        Element clean = OccupantIds.withoutClaimed(stanza);
        return ids == null ? clean : clean.withChild(ids.element(o.realJid().asBare().toString()));
    }

    /** Stops watching an occupant's session (the room watches each occupant's session while it is in). */
    private final java.util.function.Consumer<ActorRef<Session.Command>> unwatch;

    Roster(BareJid jid, java.util.function.Consumer<ActorRef<Session.Command>> unwatch) {
        this.jid = jid;
        this.unwatch = unwatch;
    }

    /** Whether the others learn of this occupant's presence: its role is one the room broadcasts. */
    boolean broadcasts(Occupant o) {
        return broadcastRoles.contains(o.role().value());
    }

    void broadcastPresence(Occupant o, boolean includeSelf) {
        if (!broadcasts(o)) {
            // muc#roomconfig_presencebroadcast: only the occupant itself hears of it
            if (includeSelf) o.session().tell(new Session.Deliver(presenceOf(o, true, Status.PRESENCE_TO_SELF_110).withAttribute("to", o.realJid().toString())));
            return;
        }
        Element withJid = presenceOf(o, true);
        Element withoutJid = presenceOf(o, false);
        PreparedStanza forModerators = PreparedStanza.of(withJid);
        PreparedStanza forOthers = PreparedStanza.of(withoutJid);
        for (Occupant r : byNick.values()) {
            if (r == o) continue; // the occupant's own copy, with 110, is sent apart
            PreparedStanza copy = seesRealJids(r) ? forModerators : forOthers;
            r.session().tell(new Session.DeliverPrepared(copy, r.realJid().toString()));
        }
        if (includeSelf) {
            o.session().tell(new Session.Deliver(presenceOf(o, true, Status.PRESENCE_TO_SELF_110).withAttribute("to", o.realJid().toString())));
        }
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

    /** One serialisation per variant: moderators' copy (real JIDs) and everyone else's. */
    void fanOut(Element forModerators, Element forOthers, Occupant except) {
        PreparedStanza mods = PreparedStanza.of(forModerators);
        PreparedStanza others = forOthers == forModerators ? mods : PreparedStanza.of(forOthers);
        for (Occupant r : byNick.values()) {
            if (r == except) continue;
            r.session().tell(new Session.DeliverPrepared(seesRealJids(r) ? mods : others, r.realJid().toString()));
        }
    }

    Occupant occupantOf(FullJid realJid) {
        String key = nickOf.get(realJid);
        return key == null ? null : byNick.get(key);
    }

    /** Removes an occupant the room sends away (kick 307, ban 301, 321, 333): everyone is told, the occupant with 110. */
    void remove(Occupant o, Status code, Actor by, String reason) {
        String key = nickOf.remove(o.realJid());
        if (key == null) return;
        Occupant gone = byNick.remove(key);
        unwatch.accept(gone.session());
        MucItem item = new MucItem(o.affiliation(), Role.NONE, null, null, by, reason, null);
        Element unavailable = stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(gone)).build(), gone);
        fanOut(unavailable.withChild(MucUser.of(item.withJid(o.realJid().toString()), code).toElement()),
                unavailable.withChild(MucUser.of(item, code).toElement()), null);
        gone.session().tell(new Session.Deliver(unavailable.withChild(MucUser.of(item.withJid(o.realJid().toString()), Status.PRESENCE_TO_SELF_110, code)
                .toElement()).withAttribute("to", o.realJid().toString())));
    }

    /** §11.2: each occupant gets its own unavailable presence with 110 and 332; the room is empty after. */
    void removeAllForShutdown() {
        for (Occupant o : byNick.values()) {
            MucUser x = MucUser.of(MucItem.of(o.affiliation(), Role.NONE), Status.PRESENCE_TO_SELF_110, Status.REMOVED_SHUTDOWN_332);
            o.session().tell(new Session.Deliver(stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", occupantJid(o))
                    .attribute("to", o.realJid().toString()).add(x.toElement()).build(), o)));
        }
        byNick.clear();
        nickOf.clear();
    }
}
