package dev.parley.server.room;

import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Moderated message retraction (XEP-0425 v0.3, {@value #NAMESPACE}): a moderator asks the room to retract an
 * occupant's message by the stanza id the room gave it (XEP-0359); the room tells every occupant with a
 * retraction (XEP-0424) that names the moderator, and keeps a tombstone in the message's place in its
 * history (§4), so the message is not handed out again.
 */
final class Moderation {
    static final String NAMESPACE = "urn:xmpp:message-moderate:1";
    static final String RETRACT = "urn:xmpp:message-retract:1";
    static final String STANZA_ID = "urn:xmpp:sid:0";
    /** The refusal's text, as the XEP's example words it (§3.2). */
    static final String ONLY_MODERATORS = "Only moderators are allowed to moderate other participants' messages";

    private Moderation() {}

    /** Why this moderation request is refused at once (§3.2: forbidden to non-moderators; a malformed one), or null. */
    static dev.parley.protocol.stanza.Stanza refusal(BareJid room, Roster roster, Iq iq, FullJid from) {
        Occupant moderator = roster.occupantOf(from);
        if (moderator == null || moderator.role() != Role.MODERATOR) {
            return iq.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN, ONLY_MODERATORS));
        }
        if (Request.from(iq.payload()) == null) {
            return iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "moderate a message by its stanza id, with <retract/>"));
        }
        return null;
    }

    /** The message of the history with this stanza id, not retracted yet, or null. */
    static RoomState.StoredMessage inHistory(BareJid room, RoomState state, String stanzaId) {
        RoomState.StoredMessage target = null;
        for (RoomState.StoredMessage m : state.history()) {
            if (stanzaId.equals(stanzaIdOf(m.message(), room.toString())) && !retracted(m.message())) target = m;
        }
        return target;
    }

    /**
     * What a moderator's retraction of {@code target} writes (§3.1, §4): the tombstone that takes its place, and the
     * retraction every occupant receives, itself kept as a message (XEP-0424 §5: clients that were away learn of it).
     */
    record Retraction(Element tombstone, Element announcement) {}

    static Retraction retraction(BareJid room, Roster roster, Occupant moderator, Element target, Request r) {
        Element moderated = roster.stamped(moderated(roster.occupantJid(moderator)), moderator); // the moderator's occupant id (§4)
        Element tombstone = tombstone(target, moderated, r.reason(), Instant.now());
        Element announcement = retraction(room.toString(), UUID.randomUUID().toString(), r.stanzaId(), moderated, r.reason())
                .withChild(new StanzaId(UUID.randomUUID().toString(), room.toString()).toElement());
        return new Retraction(tombstone, announcement);
    }

    /** A moderation request: the stanza id to retract and the optional reason; null when {@code q} is not one (no retract, no id). */
    record Request(String stanzaId, String reason) {
        static Request from(Element q) {
            String id = q.attribute("id");
            if (id == null || id.isBlank() || q.child("retract", RETRACT) == null) return null;
            return new Request(id, q.childText("reason", NAMESPACE));
        }
    }

    /** The room's stanza id of a stored message (the one {@code by} the room itself), or null. */
    static String stanzaIdOf(Element message, String room) {
        for (Element sid : message.elements()) {
            if (sid.is("stanza-id", STANZA_ID) && room.equals(sid.attribute("by"))) return sid.attribute("id");
        }
        return null;
    }

    /** §3.1: the {@code <moderated/>} element, by the moderator's occupant JID, with its occupant id stamped by the room. */
    static Element moderated(String moderatorOccupantJid) {
        return Element.builder("moderated", NAMESPACE).attribute("by", moderatorOccupantJid).build();
    }

    /** §3.1, Example 5: what every occupant receives. */
    static Element retraction(String room, String messageId, String stanzaId, Element moderated, String reason) {
        Element.Builder retract = Element.builder("retract", RETRACT).attribute("id", stanzaId).add(moderated);
        if (reason != null) retract.add(Element.builder("reason", RETRACT).text(reason).build());
        return Element.builder("message", "jabber:client").attribute("type", "groupchat").attribute("from", room).attribute("id", messageId)
                .add(retract.build()).build();
    }

    /**
     * §4: the tombstone that takes the message's place: its addresses, id, occupant id and stanza id kept; its
     * body and every other payload (what might leak what it said) replaced by {@code <retracted/>}.
     */
    static Element tombstone(Element message, Element moderated, String reason, Instant at) {
        Element kept = message.withoutChildren(n -> !(n instanceof Element e)
                || !(e.is("stanza-id", STANZA_ID) || e.is("occupant-id", OccupantIds.NAMESPACE)));
        Element.Builder retracted = Element.builder("retracted", RETRACT).attribute("stamp", at.toString()).add(moderated);
        if (reason != null) retracted.add(Element.builder("reason", RETRACT).text(reason).build());
        return kept.withChild(retracted.build());
    }

    /**
     * XEP-0424: the stored messages after {@code added} joined them, each retraction among them applied — a
     * message that retracts ({@code <retract id=.../>}, the room's stanza id) one of its sender's own (the same
     * bare JID: the user behind the occupant id, XEP-0424 §5) leaves a tombstone in that one's place (§4:
     * {@code <retracted/>} with the retraction's id and time). Retractions of others' messages change nothing
     * (receiving clients check the occupant id themselves). Applied when the messages are written, and on recovery.
     */
    static List<RoomState.StoredMessage> withRetractionsApplied(List<RoomState.StoredMessage> history, List<RoomState.StoredMessage> added) {
        List<RoomState.StoredMessage> next = new java.util.ArrayList<>(history.size() + added.size());
        next.addAll(history);
        for (RoomState.StoredMessage m : added) {
            Element retract = m.message().child("retract", RETRACT);
            if (retract != null && retract.attribute("id") != null && m.sender() != null) {
                String by = roomOf(m.message());
                for (int i = 0; i < next.size(); i++) {
                    RoomState.StoredMessage old = next.get(i);
                    Element tombstone = retract.attribute("id").equals(stanzaIdOf(old.message(), by)) ? senderTombstone(old.message(), old.sender(), m) : null;
                    if (tombstone != null) next.set(i, old.replacedBy(tombstone));
                }
            }
            next.add(m);
        }
        return next;
    }

    /**
     * XEP-0424 for an archived message older than the history: the tombstone {@code retraction} (a stored message)
     * makes of {@code old} (sent by {@code oldSender}), or null when it is not its sender's to retract or is one already.
     */
    static Element senderTombstone(Element old, String oldSender, RoomState.StoredMessage retraction) {
        if (oldSender == null || retracted(old) || !bare(oldSender).equals(bare(retraction.sender()))) return null;
        return old.withoutChildren(n -> !(n instanceof Element e) || !(e.is("stanza-id", STANZA_ID) || e.is("occupant-id", OccupantIds.NAMESPACE)))
                .withChild(Element.builder("retracted", RETRACT).attribute("id", retraction.message().attribute("id"))
                        .attribute("stamp", retraction.stamp().toString()).build());
    }

    /** The room a reflected message came through: the 'by' of its stanza id. */
    private static String roomOf(Element message) {
        Element sid = message.child("stanza-id", STANZA_ID);
        return sid == null ? "" : sid.attribute("by");
    }

    private static String bare(String fullJid) {
        int slash = fullJid.indexOf('/');
        return slash < 0 ? fullJid : fullJid.substring(0, slash);
    }

    /** Whether a stored message is a tombstone already (retracted before). */
    static boolean retracted(Element message) {
        return message.child("retracted", RETRACT) != null;
    }

    /**
     * The stored messages with the one the tombstone stands for (the same stanza id, by the same room) replaced by
     * it: applied from the event alone, on recovery too.
     */
    static List<RoomState.StoredMessage> replaced(List<RoomState.StoredMessage> history, Element tombstone) {
        Element sid = tombstone.child("stanza-id", STANZA_ID);
        if (sid == null) return history;
        List<RoomState.StoredMessage> next = new java.util.ArrayList<>(history);
        for (int i = 0; i < next.size(); i++) {
            RoomState.StoredMessage m = next.get(i);
            if (sid.attribute("id").equals(stanzaIdOf(m.message(), sid.attribute("by")))) {
                next.set(i, m.replacedBy(tombstone));
            }
        }
        return next;
    }
}
