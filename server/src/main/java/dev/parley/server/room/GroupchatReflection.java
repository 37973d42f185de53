package dev.parley.server.room;

import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.xml.Element;

/**
 * A groupchat message as the room reflects it to every occupant, its sender included (XEP-0045 §7.4): from the
 * sender's occupant JID and without a 'to' (each delivery sets its own), with the room's occupant id in place of any
 * the client claimed (XEP-0421 §4), and with the room's stanza-id: one the client sent claiming to be by the room is
 * removed (XEP-0359 §3.1). A copy the sender sends again is reflected the same way, from the occupant JID and with
 * the stanza-id of the first ({@link RecentMessages}).
 */
final class GroupchatReflection {
    private GroupchatReflection() {}

    /** {@code message} from {@code sender}, reflected as {@code from} with the stanza-id {@code stanzaId} (none when null). */
    static Element of(Element message, Occupant sender, String from, String stanzaId, Roster roster, String room) {
        Element out = roster.stamped(message.withoutChildren(n -> n instanceof Element e && StanzaId.isBy(e, room))
                .withAttribute("from", from).withAttribute("to", null), sender);
        return stanzaId == null ? out : out.withChild(new StanzaId(stanzaId, room).toElement());
    }
}
