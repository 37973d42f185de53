package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * What the room passes from one occupant to another, addressed to an occupant JID and sent on from the sender's: a
 * private message (§7.5, once the room has let it through) and IQs (§18; a ping, XEP-0410). Nothing is written.
 */
final class ToOccupant {
    private ToOccupant() {}

    /**
     * §7.5: to every device of the occupant {@code to} names (§7.2.8: "RECOMMENDED to route to all resources"), with
     * an empty muc#user element when the message has none; item-not-found when nobody has that nickname.
     */
    static Effect<Room.Event, RoomState> message(EffectFactories<Room.Event, RoomState> effects, BareJid room, Roster roster, Message m,
            Occupant sender, Jid to, Client session) {
        Occupant target = target(roster, to);
        if (target == null) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.ITEM_NOT_FOUND, "no such occupant"), true));
        }
        Element out = roster.stamped(m.element().withAttribute("from", roster.occupantJid(sender)).withAttribute("to", target.realJid().toString()), sender);
        if (out.child("x", MucUser.NAMESPACE) == null) out = out.withChild(Element.of("x", MucUser.NAMESPACE)); // §7.5: added when missing
        for (Occupant d : roster.devicesOf(target)) d.client().tell(out.withAttribute("to", d.realJid().toString()));
        return effects.none();
    }

    /**
     * IQs to an occupant JID. A non-occupant gets bad-request (§6.6), or not-acceptable for a ping (XEP-0410); an
     * occupant pinging itself is answered by the room; other requests are passed through to the occupant (§18), from
     * the sender's occupant JID, and their answers come back the same way.
     */
    static Effect<Room.Event, RoomState> iq(EffectFactories<Room.Event, RoomState> effects, BareJid room, Roster roster, Iq iq,
            FullJid from, Jid to, Client session) {
        Occupant sender = roster.occupantOf(from);
        Occupant target = target(roster, to);
        if (!iq.type().isRequest()) {
            // an answer from the occupant's client to someone's request: back to the requester (the addressed occupant)
            if (sender != null && target != null) {
                target.client().tell(iq.element().withAttribute("from", roster.occupantJid(sender)).withAttribute("to", target.realJid().toString()));
            }
            return effects.none();
        }
        boolean ping = iq.payload().is("ping", "urn:xmpp:ping");
        if (sender == null) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room,
                    ping ? StanzaError.Condition.NOT_ACCEPTABLE : StanzaError.Condition.BAD_REQUEST, "not an occupant")));
        }
        if (ping && target == sender) return RoomReplies.reply(effects, session, iq.result(null)); // XEP-0410: still in the room
        if (target == null) return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.ITEM_NOT_FOUND, "no such occupant")));
        target.client().tell(iq.element().withAttribute("from", roster.occupantJid(sender)).withAttribute("to", target.realJid().toString()));
        return effects.none();
    }

    /** The occupant whose nickname is {@code to}'s resource; null when nobody has it, or it is no nickname at all. */
    private static Occupant target(Roster roster, Jid to) {
        try {
            return roster.atNick(Nickname.of(to.resource().value()).comparable());
        } catch (JidFormatException e) {
            return null;
        }
    }
}
