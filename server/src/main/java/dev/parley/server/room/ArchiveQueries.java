package dev.parley.server.room;

import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.mam.MamQuery;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.archive.Archive;
import dev.parley.server.archive.ArchiveStore;
import dev.parley.server.archive.ArchivedMessage;
import dev.parley.server.delivery.Client;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A room's archive as clients query it (XEP-0313 on the room's bare JID, §3.3.2): who may (§6.1.2), the form of
 * fields (§4.1.5), the metadata (§5), and queries with their filters (§4.1), paging (§4.3) and errors. A query
 * waits for what the room handed the archive before it (so a client sees every message written before it asked),
 * then runs off the room's thread; its results and the closing {@code <fin/>} go to the client from there, in order.
 */
final class ArchiveQueries {
    private ArchiveQueries() {}

    /** What the room knows of the query's asker, taken on the room's thread. */
    record Asker(FullJid jid, boolean occupant, boolean moderator, Affiliation affiliation, boolean serviceAdmin, boolean banned) {}

    static org.apache.pekko.persistence.typed.javadsl.Effect<Room.Event, RoomState> handle(
            org.apache.pekko.persistence.typed.javadsl.EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state,
            boolean archives, Archive archive, CompletionStage<Void> written, Asker asker, Iq iq, Client session) {
        Element q = iq.payload();
        if (!archives) return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.SERVICE_UNAVAILABLE,
                "this room keeps no archive")));
        String refusal = refusal(state, asker, archive.settings().openToNonOccupants());
        if (refusal != null) return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN, refusal)));
        if (iq.type() == Iq.Type.GET && q.is("query", MamQuery.NAMESPACE)) return RoomReplies.reply(effects, session, iq.result(MamQuery.fieldsForm()));
        if (iq.type() == Iq.Type.GET && q.is("metadata", MamQuery.NAMESPACE)) {
            String r = room.toString();
            written.handle((x, e) -> null).thenCompose(x -> archive.read(s -> List.of(nullable(s.end(r, false)), nullable(s.end(r, true)))))
                    .whenComplete((ends, e) -> {
                        if (e != null) {
                            session.tell(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.INTERNAL_SERVER_ERROR, "the archive cannot be read")).element());
                            return;
                        }
                        ArchivedMessage first = ends.get(0).orElse(null), last = ends.get(1).orElse(null);
                        session.tell(iq.result(first == null ? MamQuery.metadata(null, null, null, null)
                                : MamQuery.metadata(first.stanzaId(), first.stamp(), last.stanzaId(), last.stamp())).element());
                    });
            return effects.none();
        }
        if (iq.type() != Iq.Type.SET || !q.is("query", MamQuery.NAMESPACE)) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "a query (set) or metadata (get)")));
        }
        MamQuery query;
        try {
            query = MamQuery.from(q);
        } catch (MamQuery.Invalid e) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, e.condition(), e.getMessage())));
        }
        boolean realJids = state.config().nonAnonymous() || asker.moderator() || asker.serviceAdmin()
                || asker.affiliation() == Affiliation.OWNER || asker.affiliation() == Affiliation.ADMIN;
        String nick = null, senderBare = null;
        if (query.with() != null) {
            Jid with = query.with();
            if (with.asBare().equals(room)) {
                nick = with.resource() == null ? "" : with.resource().value(); // §4.1.1: the publisher, by occupant JID (the room's own: "")
            } else if (!realJids) {
                // §4.1.1: "only available to entities that would already have been allowed to know the publisher"
                return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN,
                        "the occupants' real JIDs are not yours to see in this room: filter by occupant JID")));
            } else {
                senderBare = with.asBare().toString();
            }
        }
        Archive.Settings settings = archive.settings();
        int limit = query.pageSize(settings.defaultPage(), settings.maxPage());
        if (query.ids().size() > settings.maxPage()) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.POLICY_VIOLATION,
                    "at most " + settings.maxPage() + " ids at once")));
        }
        String r = room.toString();
        String n = nick, b = senderBare;
        written.handle((x, e) -> null).thenCompose(x -> archive.read(s -> run(s, r, query, n, b, limit))).whenComplete((page, e) -> {
            if (e != null) {
                session.tell(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.INTERNAL_SERVER_ERROR, "the archive cannot be read")).element());
            } else if (page.missing() != null) {
                // §4.1.3, §4.3.2: an id the archive does not have
                session.tell(iq.errorReply(RoomReplies.error(room, StanzaError.Condition.ITEM_NOT_FOUND, "no message " + page.missing() + " in the archive")).element());
            } else {
                send(room, asker.jid(), query, page, realJids, session, iq);
            }
        });
        return effects.none();
    }

    /** Why the asker may not read the archive (§6.1.2: only who may enter the room), or null. */
    static String refusal(RoomState state, Asker a, boolean openToNonOccupants) {
        if (a.banned()) return "banned from this service";
        if (a.affiliation() == Affiliation.OUTCAST && !a.serviceAdmin()) return "banned from this room";
        if (state.locked() && a.affiliation() != Affiliation.OWNER && !a.serviceAdmin()) return "the room is not configured yet";
        if (a.occupant() || a.serviceAdmin()) return null;
        Affiliation f = a.affiliation();
        if (f == Affiliation.OWNER || f == Affiliation.ADMIN || f == Affiliation.MEMBER) return null;
        if (state.config().membersOnly()) return "only members may read a members-only room's archive";
        if (state.config().passwordProtected()) return "enter the room (it has a password) to read its archive";
        if (!openToNonOccupants || !state.config().publicRoom()) return "enter the room to read its archive";
        return null;
    }

    /** One page, or the id the archive lacks. */
    record Page(List<ArchivedMessage> messages, boolean complete, Integer count, String missing) {}

    /** Runs a query against the store (off the room's thread): the ids resolved to positions, then one page. */
    static Page run(ArchiveStore s, String room, MamQuery q, String nick, String senderBare, int limit) {
        long after = 0, before = Long.MAX_VALUE;
        for (String id : new String[] {q.afterId(), q.rsm().after()}) {
            if (id == null) continue;
            long p = s.positionOf(room, id);
            if (p < 0) return new Page(List.of(), false, null, id);
            after = Math.max(after, p);
        }
        for (String id : new String[] {q.beforeId(), q.rsm().before()}) {
            if (id == null || id.isEmpty()) continue;
            long p = s.positionOf(room, id);
            if (p < 0) return new Page(List.of(), false, null, id);
            before = Math.min(before, p);
        }
        for (String id : q.ids()) if (s.positionOf(room, id) < 0) return new Page(List.of(), false, null, id);
        ArchiveStore.Selection sel = new ArchiveStore.Selection(after, before, q.start(), q.end(), nick, senderBare, q.ids());
        if (limit == 0) {
            long count = s.count(room, sel); // XEP-0059 §2.7: <max>0</max> asks for the count alone
            return new Page(List.of(), count == 0, (int) Math.min(count, Integer.MAX_VALUE), null);
        }
        boolean fromEnd = q.backwards();
        List<ArchivedMessage> rows = new ArrayList<>(s.page(room, sel, fromEnd, limit + 1));
        boolean complete = rows.size() <= limit;
        if (!complete) {
            if (fromEnd) rows.remove(0); // counted back from the end: the one too many is the oldest
            else rows.remove(rows.size() - 1);
        }
        return new Page(rows, complete, null, null);
    }

    /** §4.2: each result, newest first if flipped (§4.3.4), then the IQ result with {@code <fin/>} (§4). */
    private static void send(BareJid room, FullJid to, MamQuery q, Page page, boolean realJids, Client session, Iq iq) {
        List<ArchivedMessage> order = page.messages();
        if (q.flipPage()) {
            order = new ArrayList<>(order);
            Collections.reverse(order);
        }
        String from = room.toString(), toJid = to.toString();
        for (ArchivedMessage m : order) {
            session.tell(MamQuery.result(from, toJid, q.queryId(), m.stanzaId(), m.stamp(), forwarded(m, realJids)));
        }
        List<ArchivedMessage> msgs = page.messages();
        ResultSet set = msgs.isEmpty() ? ResultSet.response(null, null, null, page.count())
                : ResultSet.response(msgs.get(0).stanzaId(), null, msgs.get(msgs.size() - 1).stanzaId(), page.count());
        session.tell(iq.result(MamQuery.fin(page.complete(), set)).element());
    }

    /**
     * §6.1.2: the archived message as forwarded: from the sender's occupant JID, no 'to', any {@code <x/>} of
     * muc#user it carried removed, and the sender's real JID in one of the room's own where the asker may see it.
     */
    static Element forwarded(ArchivedMessage m, boolean realJids) {
        Element msg = m.message().withAttribute("to", null).withoutChildren(c -> c instanceof Element e && e.is("x", MucUser.NAMESPACE));
        if (realJids && m.sender() != null) {
            msg = msg.withChild(Element.builder("x", MucUser.NAMESPACE).add(Element.builder("item", MucUser.NAMESPACE).attribute("jid", m.sender()).build()).build());
        }
        return msg;
    }

    /** The room's written messages as the archive keeps them (those written before the archive existed, position 0, stay out). */
    static List<ArchivedMessage> archived(BareJid room, List<RoomState.StoredMessage> messages) {
        List<ArchivedMessage> out = new ArrayList<>(messages.size());
        String r = room.toString();
        for (RoomState.StoredMessage m : messages) {
            String sid = Moderation.stanzaIdOf(m.message(), r);
            if (m.position() <= 0 || sid == null) continue;
            Jid from = Jid.parseOrNull(m.message().attribute("from"));
            String nick = from == null || from.resource() == null ? "" : from.resource().value();
            out.add(new ArchivedMessage(r, m.position(), sid, m.stamp(), nick, m.sender(), m.message()));
        }
        return out;
    }

    private static java.util.Optional<ArchivedMessage> nullable(ArchivedMessage m) {
        return java.util.Optional.ofNullable(m);
    }

    /** The asker as the room sees it now. */
    static Asker asker(RoomState state, Roster roster, FullJid from, boolean serviceAdmin, boolean banned) {
        Occupant o = roster.occupantOf(from);
        return new Asker(from, o != null, o != null && o.role() == Role.MODERATOR, state.affiliationOf(from.asBare().toString()), serviceAdmin, banned);
    }
}
