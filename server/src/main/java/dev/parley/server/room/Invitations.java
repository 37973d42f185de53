package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import dev.parley.server.delivery.Client;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Mediated invitations and declines (XEP-0045 §7.8.2), relayed by the room to users who need not be
 * occupants, through the cluster-wide session registry. Each method returns the refusal to send back, or
 * null when the stanza was relayed.
 */
final class Invitations {
    private Invitations() {}

    /**
     * §7.8.2: the room forwards each invitation from its own JID, naming the inviter, with the password of a
     * password-protected room. Only occupants invite; in a members-only room only admins and owners, and
     * where invitations are not allowed, only moderators.
     */
    static Stanza invite(BareJid jid, RoomConfig config, Message m, MucUser x, Occupant sender, FullJid from, Client session,
            Users users) {
        if (sender == null) return m.errorReply(RoomReplies.error(jid, StanzaError.Condition.NOT_ACCEPTABLE, "only occupants invite"), true);
        Affiliation a = sender.affiliation();
        boolean admin = a == Affiliation.OWNER || a == Affiliation.ADMIN;
        if ((config.membersOnly() && !admin) || (!config.allowInvites() && sender.role() != Role.MODERATOR)) {
            return m.errorReply(RoomReplies.error(jid, StanzaError.Condition.FORBIDDEN, "you may not invite to this room"), true);
        }
        for (dev.parley.protocol.muc.Invite i : x.invites()) {
            Jid invitee = Jid.parseOrNull(i.to());
            if (invitee == null) return m.errorReply(RoomReplies.error(jid, StanzaError.Condition.JID_MALFORMED, "invalid invitee"), true);
            Element forwarded = Message.builder(Message.Type.NORMAL).attribute("from", jid.toString()).attribute("to", invitee.toString())
                    .attribute("id", m.id())
                    .add(MucUser.invite(new dev.parley.protocol.muc.Invite(null, from.toString(), i.reason(), i.continueThread()),
                            config.passwordProtected() ? config.secret() : null).toElement())
                    .add(Element.builder("body", "jabber:client").text(from.asBare() + " invites you to the room " + jid
                            + (i.reason() == null ? "" : ": " + i.reason())).build())
                    .build();
            users.tell(UserSessions.Route.of(forwarded, invitee, session.session()));
        }
        return null;
    }

    /** §7.8.2: a decline is forwarded to the inviter, from the room, naming who declined. */
    static Stanza decline(BareJid jid, Message m, MucUser x, FullJid from, Client session, Users users) {
        Jid inviter = Jid.parseOrNull(x.decline().to());
        if (inviter == null) return m.errorReply(RoomReplies.error(jid, StanzaError.Condition.JID_MALFORMED, "invalid inviter"), true);
        Element forwarded = Message.builder(Message.Type.NORMAL).attribute("from", jid.toString()).attribute("to", inviter.toString())
                .attribute("id", m.id())
                .add(MucUser.decline(new dev.parley.protocol.muc.Decline(null, from.asBare().toString(), x.decline().reason())).toElement())
                .build();
        users.tell(UserSessions.Route.of(forwarded, inviter, session.session()));
        return null;
    }
}
