package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * Registering with a room (XEP-0045 §7.10): the muc#register form, and what a submission asks for. A
 * registered user becomes a member with the nickname reserved (§7.12, §7.2.8).
 */
final class Registration {
    static final String NAMESPACE = "jabber:iq:register";
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#register";
    static final String ROOMNICK = "muc#register_roomnick";
    /** §7.12: the disco node under which a user finds the nickname it reserved. */
    static final String RESERVED_NICK_NODE = "x-roomuser-item";

    private Registration() {}

    /** Example 69: already registered. */
    static Element registered(String nick) {
        return Element.builder("query", NAMESPACE).add(Element.of("registered", NAMESPACE)).textChild("username", nick).build();
    }

    /** Example 70: the form to fill in; only the nickname is required. */
    static Element form(String roomName) {
        DataForm form = DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, List.of(
                        FormField.of("muc#register_first", FormField.Type.TEXT_SINGLE).withLabel("Given Name"),
                        FormField.of("muc#register_last", FormField.Type.TEXT_SINGLE).withLabel("Family Name"),
                        new FormField(ROOMNICK, FormField.Type.TEXT_SINGLE, "Desired Nickname", null, true, List.of(), List.of()),
                        FormField.of("muc#register_url", FormField.Type.TEXT_SINGLE).withLabel("Your URL"),
                        FormField.of("muc#register_email", FormField.Type.TEXT_SINGLE).withLabel("Email Address"),
                        FormField.of("muc#register_faqentry", FormField.Type.TEXT_MULTI).withLabel("FAQ Entry")))
                .withTitle(roomName + " Registration")
                .withInstructions("Please provide the following information to register with this room.");
        return Element.builder("query", NAMESPACE)
                .textChild("instructions", "Registering makes you a member of the room and reserves your nickname in it.")
                .add(form.toElement()).build();
    }

    /** The nickname a submitted form asks for; throws IllegalArgumentException when the form is not a valid submission (§7.10, Example 74). */
    static Nickname requestedNick(DataForm submitted) {
        if (submitted == null || submitted.type() != DataForm.Type.SUBMIT || !FORM_TYPE.equals(submitted.formType())) {
            throw new IllegalArgumentException("submit the " + FORM_TYPE + " form");
        }
        String nick = submitted.value(ROOMNICK);
        if (nick == null || nick.isBlank()) throw new IllegalArgumentException(ROOMNICK + " is required");
        try {
            return Nickname.of(nick.strip());
        } catch (JidFormatException e) {
            throw new IllegalArgumentException("not a valid nickname");
        }
    }

    /**
     * §7.10: registering with the room makes an unaffiliated user a member, its nickname reserved. Members
     * and above asking again learn their nickname (Example 69); in a members-only room only admins add
     * members (not-allowed, Example 68); outcasts may not register.
     */
    /**
     * §7.10, §9.9: an unaffiliated user registers: in an open room it becomes a member at once; in a
     * members-only room its request goes to the room's owners and admins as an approval form (Example 151,
     * with the user's JID added), and one of them approves it by submitting the form.
     */
    static Effect<Room.Event, RoomState> handle(EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state, Roster roster, Iq iq,
            FullJid from, Client session, dev.parley.server.routing.Users users) {
        String bare = from.asBare().toString();
        Affiliation a = state.affiliationOf(bare);
        String reserved = state.reservedNick(bare);
        if (iq.type() == Iq.Type.GET) {
            if (reserved != null) return RoomReplies.reply(effects, session, iq.result(Registration.registered(reserved)));
            if (a == Affiliation.OUTCAST) {
                return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.NOT_ALLOWED, "registration is closed to you"))); // Example 68
            }
            return RoomReplies.reply(effects, session, iq.result(Registration.form(state.config().name().isEmpty() ? room.local().value() : state.config().name())));
        }
        if (a == Affiliation.OUTCAST) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.NOT_ALLOWED, "registration is closed to you")));
        }
        DataForm submitted;
        try {
            submitted = DataForm.findIn(iq.payload());
        } catch (IllegalArgumentException e) {
            submitted = null;
        }
        if (submitted != null && submitted.type() == DataForm.Type.CANCEL) return RoomReplies.reply(effects, session, iq.result(null));
        Nickname nick;
        try {
            nick = Registration.requestedNick(submitted);
        } catch (IllegalArgumentException e) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, e.getMessage()))); // Example 74
        }
        String holder = state.holderOf(nick.comparable());
        Occupant inUse = roster.atNick(nick.comparable());
        if ((holder != null && !holder.equals(bare)) || (inUse != null && !inUse.realJid().asBare().toString().equals(bare))) {
            return RoomReplies.reply(effects, session, iq.errorReply(RoomReplies.error(room, StanzaError.Condition.CONFLICT, "that nickname is taken"))); // §7.10, Example 72
        }
        if (a == Affiliation.NONE && state.config().membersOnly()) {
            // §9.9: the owners and admins decide; the user is told its request was received (Example 75)
            for (String approver : state.withAffiliation(Affiliation.OWNER)) users.tell(approvalRequest(room, approver, from, submitted, session));
            for (String approver : state.withAffiliation(Affiliation.ADMIN)) users.tell(approvalRequest(room, approver, from, submitted, session));
            return RoomReplies.reply(effects, session, iq.result(null));
        }
        List<Room.Event> events = new ArrayList<>();
        if (a == Affiliation.NONE) events.add(new Room.AffiliationsChanged(Map.of(bare, Affiliation.MEMBER)));
        events.add(new Room.NicknameReserved(bare, nick.value()));
        return effects.persist(events).thenRun(s -> {
            session.tell(iq.result(null).withFrom(room).withTo(from).element()); // Example 75
            if (a == Affiliation.NONE) AdminRequest.applyAffiliations(roster, s, Map.of(bare, Affiliation.MEMBER), Map.of(), null); // Example 76
        });
    }

    /** Example 151, with the requester's JID, sent from the room to one approver's bare JID. */
    private static dev.parley.server.routing.UserSessions.Command approvalRequest(BareJid room, String approver, FullJid requester,
            DataForm submitted, Client session) {
        List<FormField> fields = new ArrayList<>();
        for (String var : List.of("muc#register_first", "muc#register_last", ROOMNICK, "muc#register_url", "muc#register_email")) {
            fields.add(FormField.of(var, FormField.Type.TEXT_SINGLE, submitted.value(var) == null ? "" : submitted.value(var)));
        }
        fields.add(FormField.of("muc#register_faqentry", FormField.Type.TEXT_MULTI).withValues(submitted.values("muc#register_faqentry"))); // as registered
        fields.add(FormField.of(JID, FormField.Type.JID_SINGLE, requester.asBare().toString()).withLabel("User ID"));
        fields.add(FormField.of(ALLOW, FormField.Type.BOOLEAN, "0").withLabel("Allow this person to register with the room?"));
        DataForm form = DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, fields).withTitle("Registration request")
                .withInstructions("To approve this registration request, select the \"Allow this person to register with the room?\" checkbox and click OK.");
        Element message = dev.parley.protocol.stanza.Message.builder(dev.parley.protocol.stanza.Message.Type.NORMAL).attribute("from", room.toString())
                .attribute("to", approver).attribute("id", java.util.UUID.randomUUID().toString()).add(form.toElement()).build();
        return dev.parley.server.routing.UserSessions.Route.of(message, dev.parley.protocol.jid.Jid.of(approver), session.session());
    }

    /** The muc#register form a message carries (an approval, §9.9), or null. */
    static DataForm approvalForm(dev.parley.protocol.stanza.Message m) {
        try {
            DataForm f = DataForm.findIn(m.element());
            return f != null && FORM_TYPE.equals(f.formType()) ? f : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static final String JID = "muc#jid";
    static final String ALLOW = "muc#register_allow";

    /**
     * §9.9: an owner's or admin's answer to an approval form (a message to the room): the registration it
     * approves is made, as §7.10 would have made it. Anything else changes nothing.
     */
    static Effect<Room.Event, RoomState> approval(EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state, Roster roster,
            dev.parley.protocol.stanza.Message m, DataForm form, FullJid from, Client session) {
        Affiliation approver = state.affiliationOf(from.asBare().toString());
        if (approver != Affiliation.OWNER && approver != Affiliation.ADMIN) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.FORBIDDEN, "owners and admins approve registrations"), true));
        }
        if (form.type() != DataForm.Type.SUBMIT || !Boolean.TRUE.equals(form.booleanValue(ALLOW)) || form.value(JID) == null) return effects.none();
        String user;
        Nickname nick;
        try {
            user = dev.parley.protocol.jid.Jid.of(form.value(JID).strip()).asBare().toString();
            nick = requestedNick(form);
        } catch (IllegalArgumentException e) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.BAD_REQUEST, e.getMessage()), true));
        }
        String holder = state.holderOf(nick.comparable());
        if (state.affiliationOf(user) != Affiliation.NONE || (holder != null && !holder.equals(user))) {
            return RoomReplies.reply(effects, session, m.errorReply(RoomReplies.error(room, StanzaError.Condition.CONFLICT, "already a member, or the nickname is taken"), true));
        }
        return effects.persist(List.of(new Room.AffiliationsChanged(Map.of(user, Affiliation.MEMBER)), new Room.NicknameReserved(user, nick.value())));
    }
}
