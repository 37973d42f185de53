package dev.parley.server.session;

import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 6121 §4.6: the entities on other servers the client sent directed available presence to (above all the
 * rooms it entered there, XEP-0045 §7.2), so that each is told unavailable when the session ends without the
 * client saying so (§4.6.3): a remote room would otherwise keep a ghost. Rooms of this server watch the session
 * and need no telling. Bounded: past {@value #MAX} the oldest is forgotten.
 */
final class DirectedPresence {
    static final int MAX = 1000;
    private Set<String> to;

    /** The client sent {@code p} to {@code target}, on another server. */
    void sent(Presence p, Jid target) {
        if (p.type() == Presence.Type.AVAILABLE) {
            if (to == null) to = new LinkedHashSet<>(4);
            to.remove(target.toString()); // most recent last
            to.add(target.toString());
            if (to.size() > MAX) to.remove(to.iterator().next());
        } else if (p.type() == Presence.Type.UNAVAILABLE && to != null) {
            to.remove(target.toString());
        }
    }

    /** The unavailable presence each of them is owed, from {@code from}; none are owed after this. */
    List<Element> unavailable(FullJid from) {
        List<Element> out = new ArrayList<>();
        if (to == null) return out;
        for (String target : to) {
            out.add(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", from.toString()).attribute("to", target).build());
        }
        to = null;
        return out;
    }
}
