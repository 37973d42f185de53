package dev.parley.server.session;

import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user's other resources a client was told are available (RFC 6121 §4.2.2). When the user's entry in the
 * registry is lost with its node, the sessions of that node are lost too and nobody else is left to tell this
 * client they went: its session asks the new entry which resources are available, and tells the client the
 * others are unavailable (§4.5.2).
 */
final class OwnResources {
    private final Set<String> available = new HashSet<>();

    boolean isEmpty() {
        return available.isEmpty();
    }

    /** Whether a presence for the client {@code self} is from another resource of the same user. */
    static boolean isOwn(Element presence, FullJid self) {
        String from = presence.attribute("from");
        return from != null && !from.equals(self.toString()) && from.startsWith(self.asBare().toString() + "/");
    }

    /** A presence on its way to the client {@code self}: one of the user's other resources comes or goes. */
    void observe(Element presence, FullJid self) {
        if (!isOwn(presence, self)) return;
        String from = presence.attribute("from");
        String type = presence.attribute("type");
        if (type == null) available.add(from);
        else if ("unavailable".equals(type)) available.remove(from);
    }

    /** The resources the client believes available that are not in {@code now}: their unavailable presence, to {@code self}. */
    List<Element> goneSince(List<String> now, FullJid self) {
        List<Element> out = new ArrayList<>();
        for (String r : List.copyOf(available)) {
            if (now.contains(r)) continue;
            available.remove(r);
            out.add(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", r).attribute("to", self.toString()).build());
        }
        return out;
    }
}
