package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * The room's vCard (XEP-0054) and with it its avatar (XEP-0486): anyone reads it; an owner sets it (a vCard with a
 * photo sets the avatar, an empty one removes it, §3.2), and every occupant is told with 104 and the room's
 * XEP-0153 presence (§5.2).
 */
final class RoomVCard {
    private RoomVCard() {}

    static Effect<Room.Event, RoomState> handle(EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state, Roster roster,
            Iq iq, FullJid from, Client session, boolean owner, int maxBytes) {
        if (iq.type() == Iq.Type.GET) {
            return RoomReplies.reply(effects, session, iq.result(state.avatar() == null ? Element.of("vCard", RoomAvatar.VCARD) : state.avatar().vcard()));
        }
        if (!owner) {
            // §3.2, Example 6
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN, "Only owners are allowed to set avatars.")));
        }
        RoomAvatar avatar;
        try {
            avatar = RoomAvatar.of(iq.payload(), maxBytes);
        } catch (IllegalArgumentException e) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.NOT_ACCEPTABLE, e.getMessage())));
        }
        return effects.persist(new Room.AvatarChanged(avatar)).thenRun(s -> {
            session.tell(iq.result(null).withFrom(room).withTo(from).element());
            roster.configurationChanged();
            Element presence = RoomAvatar.presence(room.toString(), avatar);
            roster.fanOut(presence, presence, null);
        });
    }
}
