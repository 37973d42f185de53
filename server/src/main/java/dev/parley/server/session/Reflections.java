package dev.parley.server.session;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groupchat messages a client sent to rooms, each until the room reflects it (XEP-0045 §7.4) or refuses it
 * (an error with the same id). A room whose node is lost is unreachable until another node takes it over, and
 * what is sent to it meanwhile may go to the node that is gone; every other message a room receives is either
 * reflected or refused. So a message not answered within {@code parley.muc.reflection-timeout} is bounced to
 * the client with {@code remote-server-timeout} (RFC 6120 §8.3.3.15, type wait: send it again), and no message
 * is lost without a word. One reflected after its bounce is delivered as usual.
 *
 * <p>Messages are matched by id (a room reflects the id it was sent, §7.2.2 and §7.4); a message without one is
 * not followed. At most {@link #MAX} are followed at once: a client sending faster than its rooms answer stops
 * being followed for its oldest ones.
 */
final class Reflections {
    static final int MAX = 64;

    private record Pending(Element message, String room, long sentAt, boolean resent) {}

    /** By id, oldest first. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    /**
     * Messages sent again whose answer came, by id: the room answers the second copy too (with the reflection again,
     * to the sender alone, if the first had arrived after all; with the same error if it could not write either), and
     * that second answer is not delivered: the client has its answer.
     */
    private final LinkedHashMap<String, Pending> answeredAfterResend = new LinkedHashMap<>();

    boolean isEmpty() {
        return pending.isEmpty() && answeredAfterResend.isEmpty();
    }

    /** A groupchat message the client sent to {@code room} (its 'from' stamped). */
    void sent(Element message, String id, String room, long now) {
        if (id == null || id.isEmpty()) return;
        if (pending.size() >= MAX) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pending.put(id, new Pending(message, room, now, false));
    }

    /** The room moved: its messages still waiting are sent again (returned), and marked so. */
    List<Element> resend(String room) {
        List<Element> out = new ArrayList<>();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (!p.room().equals(room)) continue;
            out.add(p.message());
            e.setValue(new Pending(p.message(), p.room(), p.sentAt(), true));
        }
        return out;
    }

    /**
     * A stanza of a room's fan-out, on its way to the client: the reflection of one of its messages? Returns false
     * for the second reflection of a message sent again (the client has it already).
     */
    boolean delivered(PreparedStanza stanza) {
        if (!stanza.isMessage()) return true; // a presence or a welcome's iq: never a reflection
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> e = it.next();
            if (stanza.hasAttribute("id", e.getKey())) {
                it.remove();
                if (e.getValue().resent()) answeredAfterResend.put(e.getKey(), e.getValue());
                return true;
            }
        }
        for (Iterator<String> it = answeredAfterResend.keySet().iterator(); it.hasNext(); ) {
            if (stanza.hasAttribute("id", it.next())) {
                it.remove();
                return false;
            }
        }
        return true;
    }

    /** A stanza for the client: a room's reflection, or its refusal, of one of its messages? False: a second reflection. */
    boolean delivered(Element stanza) {
        if (!"message".equals(stanza.name())) return true;
        String id = stanza.attribute("id");
        if (id == null) return true;
        Pending p = pending.get(id);
        String from = stanza.attribute("from");
        if (p != null) {
            if (fromRoom(from, p.room())) {
                pending.remove(id);
                if (p.resent()) answeredAfterResend.put(id, p);
            }
            return true;
        }
        Pending answered = answeredAfterResend.get(id);
        if (answered == null || "error".equals(stanza.attribute("type")) && !fromRoom(from, answered.room())) return true;
        answeredAfterResend.remove(id);
        return false;
    }

    private static boolean fromRoom(String from, String room) {
        return from != null && (from.equals(room) || from.startsWith(room + "/"));
    }

    /** The messages not answered within {@code limitNanos}, as the errors the client gets for them; they are no longer followed. */
    List<Element> expired(long now, long limitNanos) {
        answeredAfterResend.values().removeIf(p -> now - p.sentAt() >= 2 * limitNanos);
        List<Element> bounces = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.sentAt() < limitNanos) break; // oldest first
            it.remove();
            bounces.add(bounce(p, "the room did not answer in time (it may have moved to another node): send it again"));
        }
        return bounces;
    }

    /**
     * The session ends with its node (system-shutdown): what no room has answered yet is bounced now, the last
     * thing the client hears before the stream closes, rather than never; the client sends it again elsewhere.
     */
    List<Element> abandon() {
        List<Element> bounces = new ArrayList<>();
        for (Pending p : pending.values()) bounces.add(bounce(p, "this server node is leaving and the room has not answered yet: send it again"));
        pending.clear();
        answeredAfterResend.clear();
        return bounces;
    }

    private static Element bounce(Pending p, String text) {
        // RFC 6120 §8.3.3.15, type wait
        return Stanza.from(p.message()).errorReply(StanzaError.of(StanzaError.Condition.REMOTE_SERVER_TIMEOUT, text), true).element();
    }
}
