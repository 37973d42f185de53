package dev.parley.server.room;

import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Node;
import dev.parley.protocol.xml.Text;
import dev.parley.server.archive.Archive;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The messages a room keeps, from acceptance to the archive: those accepted and not yet written (the next batch
 * of the room's group commit), the time each is given (never before the last one's: the archive pages by time),
 * the number each gets when written (the room's order, XEP-0313 §3.1), and their hand-over to the node's
 * {@link Archive} once the journal has them (with what retractions make of earlier ones). A query of the archive
 * waits for the last hand-over ({@link #handedOver}), so it sees every message written before it.
 */
final class MessageLog {
    /** Past this many unwritten messages the room answers resource-constraint rather than grow. */
    static final int MAX_UNWRITTEN = 10_000;
    /**
     * A written batch is one event per this many characters of its messages' XML (at least one message each): one
     * row of the journal each, all of them in one write. A room flooded while it writes gathers thousands of
     * messages in a batch; as one event that was a row of many MB, and the embedded H2 fails to read a page over
     * 1 MB back from a chunk it has not finished writing (its next insert after such a row threw "Reading from file
     * ... failed", and the room stopped: docs/footprint.md, thirteenth pass). 256K characters are at most 768 KB of
     * UTF-8. Not less: the room takes its commands again only once the journal has answered for every event of a
     * write, and under a flood parts of 64K characters (a dozen events a write) kept it waiting long enough to
     * overflow its stash (4,096 commands).
     */
    static final int MAX_EVENT_CHARS = 256 * 1024;
    static final String REACTIONS = "urn:xmpp:reactions:0";

    private final BareJid room;
    private final Archive archive;
    /** Accepted, not yet written: the next batch. */
    private final List<RoomState.StoredMessage> unwritten = new ArrayList<>();
    /** The batch being written: taken, and not yet known to be written. */
    private List<RoomState.StoredMessage> writing = List.of();
    private Instant lastStamp = Instant.EPOCH;
    /** Nothing handed over yet: one completed stage for every room (a room at rest holds nothing of its own here). */
    private static final CompletionStage<Void> NOTHING = CompletableFuture.completedFuture(null);
    private CompletionStage<Void> handedOver = NOTHING;

    MessageLog(BareJid room, Archive archive) {
        this.room = room;
        this.archive = archive;
    }

    /**
     * Whether a groupchat message is kept (history, archive): one with a body (XEP-0313 §6.1.2), and the body-less
     * ones a client catching up needs in order with the messages they refer to: retractions (XEP-0424 §5: "MUST
     * store the retraction message"; one leaves a tombstone) and reactions (XEP-0444). A subject change is the
     * room's state, sent on entry (§7.2.15), not a message of its history. Chat states and the like are not kept.
     */
    static boolean kept(Message m) {
        return m.body() != null || m.element().child("retract", Moderation.RETRACT) != null || m.element().child("reactions", REACTIONS) != null;
    }

    boolean isEmpty() {
        return unwritten.isEmpty();
    }

    boolean full() {
        return unwritten.size() >= MAX_UNWRITTEN;
    }

    /** A message accepted (as reflected, from its sender's real JID); whether it starts a batch (the room then flushes). */
    boolean accept(Element reflection, String sender) {
        boolean first = unwritten.isEmpty();
        unwritten.add(new RoomState.StoredMessage(reflection, nextStamp(), sender));
        return first;
    }

    /** Now, to the millisecond (the archive's precision), and never before the last message's time. */
    Instant nextStamp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp;
        return lastStamp;
    }

    /**
     * The unwritten messages, taken (the room writes them now), numbered after the last written: the room's order,
     * the archive's, is the order of writing.
     */
    List<RoomState.StoredMessage> takeBatch(RoomState state) {
        long next = state.lastPosition();
        List<RoomState.StoredMessage> batch = new ArrayList<>(unwritten.size());
        for (RoomState.StoredMessage m : unwritten) batch.add(m.at(++next));
        unwritten.clear();
        writing = batch;
        return batch;
    }

    /**
     * What the room accepted and has not written, in order: the batch being written, then the next one. When the room
     * stops with some (its journal failed, or its node no longer serves it), they will never be written or reflected.
     */
    List<RoomState.StoredMessage> pending() {
        if (writing.isEmpty()) return List.copyOf(unwritten);
        List<RoomState.StoredMessage> all = new ArrayList<>(writing);
        all.addAll(unwritten);
        return all;
    }

    /**
     * The error its sender gets for a message the room accepted and could not write (it stopped first): the same id,
     * the sender's payload, and internal-server-error of type wait (RFC 6120 §8.3.2: "retry after waiting (the error
     * is temporary)"), so that a client can say it was not delivered or send it again. From the room's bare JID, as
     * the room's errors to a message are (XEP-0045 §7.4, §17.2).
     */
    static Element notWritten(BareJid room, RoomState.StoredMessage m) {
        Element sent = m.message().withoutChildren(n -> n instanceof Element e && (StanzaId.isBy(e, room.toString()) || e.is("occupant-id", OccupantIds.NAMESPACE)))
                .withAttribute("from", m.sender()).withAttribute("to", room.toString());
        StanzaError error = new StanzaError(StanzaError.Type.WAIT, StanzaError.Condition.INTERNAL_SERVER_ERROR,
                "the room could not store this message, so nobody received it; send it again", room.toString(), null, null);
        return Message.of(sent).errorReply(error, true).element();
    }

    /**
     * A batch in the parts it is written as, in its order: each at most {@link #MAX_EVENT_CHARS} of XML, or a single
     * message larger than that (a message is never split; parley.c2s.max-stanza-bytes bounds it).
     */
    static List<List<RoomState.StoredMessage>> parts(List<RoomState.StoredMessage> batch) {
        if (batch.size() == 1) return List.of(batch); // a light load's batch: nothing to measure
        List<List<RoomState.StoredMessage>> parts = new ArrayList<>(1);
        int from = 0;
        long chars = 0;
        for (int i = 0; i < batch.size(); i++) {
            long size = xmlChars(batch.get(i).message());
            if (i > from && chars + size > MAX_EVENT_CHARS) {
                parts.add(List.copyOf(batch.subList(from, i)));
                from = i;
                chars = 0;
            }
            chars += size;
        }
        if (from < batch.size()) parts.add(from == 0 ? batch : List.copyOf(batch.subList(from, batch.size())));
        return parts;
    }

    /**
     * The length of an element written as XML, in characters, a little over: names, namespace declarations (one an
     * element), attributes, text, and the markup around them; no escapes.
     */
    static long xmlChars(Element e) {
        long n = 2L * e.name().length() + e.namespace().length() + 14;
        for (Attribute a : e.attributes()) n += a.name().length() + a.value().length() + 4;
        for (Node child : e.children()) {
            n += child instanceof Element c ? xmlChars(c) : ((Text) child).value().length();
        }
        return n;
    }

    /**
     * Whether the room archives its messages (XEP-0313): a persistent room whose owner left archiving on
     * (muc#roomconfig_enablearchiving), on a node with an archive.
     */
    boolean archives(RoomState s) {
        return archive.enabled() && s.created() && s.config().persistent() && s.config().archiving();
    }

    /** The room is back (it moved, or its node was lost): times go on from its history's, and the archive gets what it may have missed. */
    void recovered(RoomState s) {
        if (!s.history().isEmpty()) lastStamp = s.history().get(s.history().size() - 1).stamp();
        if (archives(s)) handedOver = archive.catchUp(room.toString(), ArchiveQueries.archived(room, s.history()));
    }

    /** Written messages to the archive, and what their retractions (XEP-0424) make of earlier ones. */
    void written(RoomState s, List<RoomState.StoredMessage> batch) {
        writing = List.of();
        if (!archives(s) || batch.isEmpty()) return;
        handedOver = archive.append(ArchiveQueries.archived(room, batch));
        for (RoomState.StoredMessage m : batch) {
            Element retract = m.message().child("retract", Moderation.RETRACT);
            if (retract != null && retract.attribute("id") != null && m.sender() != null) {
                handedOver = archive.retract(room.toString(), retract.attribute("id"), old -> Moderation.senderTombstone(old.message(), old.sender(), m));
            }
        }
    }

    /** A moderator's retraction (XEP-0425), written: the tombstone in the archive, and the retraction as a message of it. */
    void moderated(RoomState s, String stanzaId, Element tombstone, RoomState.StoredMessage announcement) {
        if (!archives(s)) return;
        archive.retract(room.toString(), stanzaId, old -> tombstone);
        handedOver = archive.append(ArchiveQueries.archived(room, List.of(announcement)));
    }

    /** The room was destroyed: its archive goes with it. */
    void destroyed() {
        handedOver = archive.deleteRoom(room.toString());
    }

    /** The last hand-over to the archive: done when everything written before it is archived. */
    CompletionStage<Void> handedOver() {
        return handedOver;
    }

    Archive archive() {
        return archive;
    }
}
