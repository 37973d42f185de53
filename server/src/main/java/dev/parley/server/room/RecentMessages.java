package dev.parley.server.room;

import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Node;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groupchat messages a room accepted lately, by sender (real full JID) and id: a session sends a room
 * again what it has not seen reflected when the room moves or loses its node (the first copy may or may not
 * have arrived), and the room must not take one message twice. A message sent again is answered with its
 * reflection to its sender alone, once it is written; nobody else gets it twice.
 *
 * <p>Kept while they are recent (a session sends again within seconds of a move): at most {@link #MAX}, none
 * older than {@link #KEEP_NANOS}. A room that starts anew is seeded from the history it recovered.
 *
 * <p>Of a reflection only what the copy sent again does not carry is kept: the occupant JID it came from (the sender
 * may have changed its nickname since) and the room's stanza-id (XEP-0359), both the reflection's own strings. The
 * rest is the copy's, as it was the original's, and the room builds the same reflection from it. Keeping each
 * reflection whole held a busy room's last thousand messages for two minutes, about a kilobyte each: every message
 * outlived the young generation and died in the old one, which a concurrent mark then had to find
 * (docs/footprint.md, tenth pass).
 */
final class RecentMessages {
    static final int MAX = 1000;
    static final long KEEP_NANOS = 120_000_000_000L;

    /** A written message's reflection, as far as its copy sent again does not carry it. */
    record Reflected(String from, String stanzaId) {}

    /** {@code reflected} is null until the message is written. */
    private record Seen(long at, Reflected reflected) {}

    /** Oldest first; made when the first message is accepted, dropped when pruned empty (a quiet room keeps no table). */
    private LinkedHashMap<String, Seen> byKey;

    private static String key(String sender, String id) {
        return sender + ' ' + id;
    }

    /** Accepted now, not written yet. */
    void accepted(String sender, String id, long now) {
        if (sender == null || id == null) return;
        if (byKey == null) byKey = new LinkedHashMap<>();
        byKey.put(key(sender, id), new Seen(now, null));
        prune(now);
    }

    /** Written (and so reflected) as {@code reflection}, stamped with the room's stanza-id {@code by}: a copy sent again now gets it. */
    void written(String sender, String id, Element reflection, String by, long now) {
        if (sender == null || id == null) return;
        String k = key(sender, id);
        if (byKey == null) byKey = new LinkedHashMap<>();
        Seen s = byKey.get(k);
        byKey.put(k, new Seen(s == null ? now : s.at(), new Reflected(reflection.attribute("from"), stanzaId(reflection, by))));
        prune(now);
    }

    /** The room's stanza-id in {@code reflection}; by index, as this runs for every message written. */
    private static String stanzaId(Element reflection, String by) {
        List<Node> children = reflection.children();
        for (int i = 0, n = children.size(); i < n; i++) {
            if (children.get(i) instanceof Element e && StanzaId.isBy(e, by)) return e.attribute("id");
        }
        return null;
    }

    /** Whether {@code sender}'s message {@code id} was accepted already. */
    boolean seen(String sender, String id) {
        return sender != null && id != null && byKey != null && byKey.containsKey(key(sender, id));
    }

    /** How an accepted and written message was reflected, or null (unknown, or not written yet: it will be reflected then). */
    Reflected reflected(String sender, String id) {
        Seen s = byKey == null ? null : byKey.get(key(sender, id));
        return s == null ? null : s.reflected();
    }

    void clear() {
        byKey = null;
    }

    private void prune(long now) {
        for (Iterator<Map.Entry<String, Seen>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Seen> e = it.next();
            if (byKey.size() > MAX || now - e.getValue().at() > KEEP_NANOS) it.remove();
            else break; // oldest first
        }
        if (byKey.isEmpty()) byKey = null;
    }
}
