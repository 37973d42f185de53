package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The groupchat messages a room accepted lately, by sender (real full JID) and id: a session sends a room
 * again what it has not seen reflected when the room moves or loses its node (the first copy may or may not
 * have arrived), and the room must not take one message twice. A message sent again is answered with its
 * reflection to its sender alone, once it is written; nobody else gets it twice.
 *
 * <p>Kept while they are recent (a session sends again within seconds of a move): at most {@link #MAX}, none
 * older than {@link #KEEP_NANOS}. A room that starts anew is seeded from the history it recovered.
 */
final class RecentMessages {
    static final int MAX = 1000;
    static final long KEEP_NANOS = 120_000_000_000L;

    private record Seen(Element reflection, long at, boolean written) {}

    /** Oldest first; made when the first message is accepted, dropped when pruned empty (a quiet room keeps no table). */
    private LinkedHashMap<String, Seen> byKey;

    private static String key(String sender, String id) {
        return sender + ' ' + id;
    }

    /** Accepted now, not written yet. */
    void accepted(String sender, String id, Element reflection, long now) {
        if (sender == null || id == null) return;
        if (byKey == null) byKey = new LinkedHashMap<>();
        byKey.put(key(sender, id), new Seen(reflection, now, false));
        prune(now);
    }

    /** Written (and so reflected): a copy sent again now gets this reflection. */
    void written(String sender, String id, Element reflection, long now) {
        if (sender == null || id == null) return;
        String k = key(sender, id);
        if (byKey == null) byKey = new LinkedHashMap<>();
        Seen s = byKey.get(k);
        byKey.put(k, new Seen(reflection, s == null ? now : s.at(), true));
        prune(now);
    }

    /** Whether {@code sender}'s message {@code id} was accepted already. */
    boolean seen(String sender, String id) {
        return sender != null && id != null && byKey != null && byKey.containsKey(key(sender, id));
    }

    /** The reflection of an accepted and written message, or null (unknown, or not written yet: it will be reflected then). */
    Element writtenReflection(String sender, String id) {
        Seen s = byKey == null ? null : byKey.get(key(sender, id));
        return s != null && s.written() ? s.reflection() : null;
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
