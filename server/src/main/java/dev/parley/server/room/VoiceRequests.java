package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Actor;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * Voice requests in a moderated room: a visitor asks with the muc#request form (XEP-0045 §7.13), each
 * moderator receives an approval form (§8.6), and a moderator who submits it with
 * {@code muc#request_allow} true grants voice (§8.3). A visitor asks at most once per {@link #MIN_INTERVAL},
 * so one visitor cannot flood the moderators.
 */
final class VoiceRequests {
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#request";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    /** When each occupant (by real JID) last asked: live state, like the occupants. */
    /** Made when first needed: most rooms never see a voice request. */
    private Map<String, Instant> lastAsked;

    /** The muc#request form a message carries, or null. */
    static DataForm requestForm(Message m) {
        DataForm f;
        try {
            f = DataForm.findIn(m.element());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return f != null && FORM_TYPE.equals(f.formType()) ? f : null;
    }

    /** Whether {@code realJid} may ask now; records the request when so. */
    boolean mayAsk(String realJid, Instant now) {
        if (lastAsked == null) lastAsked = new HashMap<>(4);
        Instant last = lastAsked.get(realJid);
        if (last != null && last.plus(MIN_INTERVAL).isAfter(now)) return false;
        lastAsked.put(realJid, now);
        return true;
    }

    void forget(String realJid) {
        if (lastAsked != null) lastAsked.remove(realJid);
    }

    /** §8.6, Example 108: the approval form sent from the room to one moderator. */
    static Element approvalForm(BareJid room, Occupant visitor, String moderator) {
        DataForm form = DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, List.of(
                        FormField.of("muc#role", FormField.Type.LIST_SINGLE, "participant").withLabel("Requested role"),
                        FormField.of("muc#jid", FormField.Type.JID_SINGLE, visitor.realJid().toString()).withLabel("User ID"),
                        FormField.of("muc#roomnick", FormField.Type.TEXT_SINGLE, visitor.nick().value()).withLabel("Room Nickname"),
                        FormField.of("muc#request_allow", FormField.Type.BOOLEAN, "false").withLabel("Grant voice to this person?")))
                .withTitle("Voice request")
                .withInstructions("To approve this request for voice, select the \"Grant voice to this person?\" checkbox and click OK."
                        + " To skip this request, click the cancel button.");
        return Message.builder(Message.Type.NORMAL).attribute("from", room.toString()).attribute("to", moderator)
                .attribute("id", UUID.randomUUID().toString()).add(form.toElement()).build();
    }

    /** §8.6, Example 109: the nickname a submitted approval grants voice to, or null when it does not approve. */
    static String approvedNick(DataForm submitted) {
        if (submitted.type() != DataForm.Type.SUBMIT) return null;
        Boolean allow = submitted.booleanValue("muc#request_allow");
        if (allow == null || !allow) return null;
        return submitted.value("muc#roomnick");
    }

    /**
     * §7.13: a visitor's request for voice goes to every moderator as an approval form; §8.6: a moderator's
     * submitted approval grants voice as §8.3 does.
     */
    Effect<Room.Event, RoomState> handle(EffectFactories<Room.Event, RoomState> effects, BareJid room, Roster roster, Message m, DataForm form,
            Occupant sender, Client session) {
        if (sender == null) return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.NOT_ACCEPTABLE, "only occupants ask for voice"), true));
        if (form.type() == DataForm.Type.SUBMIT && form.field("muc#request_allow") != null) {
            if (sender.role() != Role.MODERATOR) {
                return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN, "only moderators approve voice requests"), true));
            }
            String nick = approvedNick(form);
            if (nick == null) return effects.none(); // not approved: nothing changes
            Occupant visitor;
            try {
                visitor = roster.atNick(Nickname.of(nick).comparable());
            } catch (JidFormatException e) {
                visitor = null;
            }
            if (visitor == null) return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.ITEM_NOT_FOUND, "no such occupant"), true));
            if (visitor.role() == Role.VISITOR) AdminRequest.applyRoles(roster, List.of(new AdminRequest.RoleChange(visitor, Role.PARTICIPANT, null)), new Actor(null, sender.nick().value()));
            return effects.none();
        }
        if (form.type() != DataForm.Type.SUBMIT || !"participant".equals(form.value("muc#role"))) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, "a voice request asks for the role participant"), true));
        }
        if (sender.role() != Role.VISITOR) return effects.none(); // it has voice already
        if (!mayAsk(sender.realJid().toString(), Instant.now())) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.RESOURCE_CONSTRAINT, "you asked for voice a moment ago"), true));
        }
        for (Occupant o : roster.allDevices()) {
            if (o.role() == Role.MODERATOR) o.client().tell(approvalForm(room, sender, o.realJid().toString()));
        }
        return effects.none();
    }
}
