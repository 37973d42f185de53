package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Actor;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucAdmin;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A muc#admin request (XEP-0045 §8–§10.8): a list of roles or affiliations to read, or changes to make,
 * judged by {@link Privileges}. A refused item refuses the whole request and nothing changes; the room
 * persists the affiliation changes of an accepted one, then applies them and the role changes to its
 * occupants.
 */
final class AdminRequest {
    private AdminRequest() {}

    record RoleChange(Occupant target, Role role, String reason) {}

    /**
     * What a request asks for: {@code reply} when it is answered at once (refused, or a list); else the
     * affiliation changes to persist and the role changes to apply, all or nothing.
     */
    record Plan(Stanza reply, Map<String, Affiliation> affiliations, Map<String, String> reasons, List<RoleChange> roles, Actor by) {
        static Plan answer(Stanza reply) {
            return new Plan(reply, Map.of(), Map.of(), List.of(), null);
        }
    }

    /** @param serviceAdmin the requester administers the service: an owner of every room */
    static Plan plan(BareJid room, RoomState state, Roster roster, Iq iq, FullJid from, boolean serviceAdmin) {
        Occupant actor = roster.occupantOf(from);
        Affiliation actorAffiliation = serviceAdmin ? Affiliation.OWNER : state.affiliationOf(from.asBare().toString());
        Role actorRole = actor == null ? Role.NONE : actor.role();
        MucAdmin q;
        try {
            q = MucAdmin.from(iq.payload());
        } catch (IllegalArgumentException e) {
            return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, e.getMessage())));
        }
        if (q.items().isEmpty()) return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "no item")));
        if (iq.type() == Iq.Type.GET) return Plan.answer(list(room, state, roster, iq, q.items().get(0), actorAffiliation, actorRole));

        // A refused item refuses the whole request: nothing changes (§8.5, §9.5: "MUST NOT change ... any").
        Map<String, Affiliation> affiliations = new LinkedHashMap<>();
        Map<String, String> reasons = new HashMap<>();
        List<RoleChange> roles = new ArrayList<>();
        int owners = state.withAffiliation(Affiliation.OWNER).size();
        for (MucItem item : q.items()) {
            if (item.affiliation() != null && item.role() != null) {
                // §17.4 rule 4: an item sets a role or an affiliation, never both; the whole request is refused
                return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "an item changes a role or an affiliation, not both")));
            }
            if (item.affiliation() != null) {
                String target;
                try {
                    target = item.jid() != null ? Jid.of(item.jid()).asBare().toString()
                            : item.nick() != null && roster.atNick(Nickname.of(item.nick()).comparable()) != null
                                    ? roster.atNick(Nickname.of(item.nick()).comparable()).realJid().asBare().toString() : null;
                } catch (JidFormatException e) {
                    return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.JID_MALFORMED, null)));
                }
                if (target == null) return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "an affiliation needs a jid")));
                Affiliation current = state.affiliationOf(target);
                if (current == Affiliation.OWNER && item.affiliation() != Affiliation.OWNER) owners--;
                StanzaError.Condition refused = Privileges.affiliationChange(actorAffiliation, current, item.affiliation(),
                        target.equals(from.asBare().toString()), current == Affiliation.OWNER && owners < 1);
                if (refused != null) return Plan.answer(iq.errorReply(RoomReplies.error(room, refused, null)));
                affiliations.put(target, item.affiliation());
                if (item.reason() != null) reasons.put(target, item.reason());
            } else if (item.role() != null && item.nick() != null) {
                Occupant target;
                try {
                    target = roster.atNick(Nickname.of(item.nick()).comparable());
                } catch (JidFormatException e) {
                    target = null;
                }
                if (target == null) return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.ITEM_NOT_FOUND, "no such occupant")));
                StanzaError.Condition refused = Privileges.roleChange(actorAffiliation, actorRole, target.affiliation(), target.role(), item.role(), target == actor);
                if (refused != null) return Plan.answer(iq.errorReply(RoomReplies.error(room, refused, null)));
                roles.add(new RoleChange(target, item.role(), item.reason()));
            } else {
                return Plan.answer(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "an item needs a role and nick, or an affiliation and jid")));
            }
        }
        Actor by = actor == null ? null : new Actor(null, actor.nick().value());
        return new Plan(null, affiliations, reasons, roles, by);
    }

    private static Stanza list(BareJid room, RoomState state, Roster roster, Iq iq, MucItem wanted, Affiliation actorAffiliation, Role actorRole) {
        if (wanted.role() == null && wanted.affiliation() == null) return iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, null));
        StanzaError.Condition refused = Privileges.list(actorAffiliation, actorRole, wanted.affiliation(), wanted.role(), state.config().getMemberList());
        if (refused != null) return iq.errorReply(RoomReplies.error(room, refused, null));
        List<MucItem> items = new ArrayList<>();
        if (wanted.role() != null) {
            for (Occupant o : roster.all()) {
                // §17.4 rule 5: nick, role, affiliation and the occupant's full JID (only moderators read role lists, §8.5, §9.8)
                if (o.role() == wanted.role()) items.add(new MucItem(o.affiliation(), o.role(), o.realJid().toString(), o.nick().value(), null, null, null));
            }
        } else {
            for (String j : state.withAffiliation(wanted.affiliation())) items.add(new MucItem(wanted.affiliation(), null, j, state.reservedNick(j), null, null, null));
        }
        return iq.result(new MucAdmin(items).toElement());
    }

    /** Role changes: a kick removes the occupant (307, §8.2); any other change is broadcast (§8.3–§8.4, §9.6–§9.7). */
    static void applyRoles(Roster roster, List<RoleChange> changes, Actor by) {
        for (RoleChange c : changes) {
            Occupant o = roster.occupantOf(c.target().realJid());
            if (o == null) continue;
            if (c.role() == Role.NONE) {
                roster.remove(o, Status.KICKED_307, by, c.reason());
            } else {
                Occupant changed = o.withRole(c.role());
                roster.update(changed);
                roster.broadcastPresence(changed, true);
            }
        }
    }

    /** Affiliation changes reach the occupants they concern: banned (301), no longer members of a members-only room (321), or re-roled (Table 4). */
    static void applyAffiliations(Roster roster, RoomState state, Map<String, Affiliation> changes, Map<String, String> reasons, Actor by) {
        for (Occupant o : new ArrayList<>(roster.all())) {
            String bare = o.realJid().asBare().toString();
            Affiliation a = changes.get(bare);
            if (a == null) continue;
            if (a == Affiliation.OUTCAST) {
                roster.remove(o.withAffiliation(a, Role.NONE), Status.BANNED_301, by, reasons.get(bare)); // §9.1
            } else if (a == Affiliation.NONE && state.config().membersOnly()) {
                roster.remove(o.withAffiliation(a, Role.NONE), Status.REMOVED_AFFILIATION_CHANGE_321, by, reasons.get(bare)); // §9.4
            } else {
                Occupant changed = o.withAffiliation(a, Privileges.initialRole(a, state.config()));
                roster.update(changed);
                roster.broadcastPresence(changed, true);
            }
        }
    }
}
