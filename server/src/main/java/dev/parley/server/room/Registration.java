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
import dev.parley.server.session.Session;
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
    static Effect<Room.Event, RoomState> handle(EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state, Roster roster, Iq iq,
            FullJid from, ActorRef<Session.Command> session) {
        String bare = from.asBare().toString();
        Affiliation a = state.affiliationOf(bare);
        String reserved = state.reservedNick(bare);
        if (iq.type() == Iq.Type.GET) {
            if (reserved != null) return reply(effects, session, iq.result(Registration.registered(reserved)));
            if (a == Affiliation.OUTCAST || (a == Affiliation.NONE && state.config().membersOnly())) {
                return reply(effects, session, iq.errorReply(error(room, StanzaError.Condition.NOT_ALLOWED, "registration is closed to you")));
            }
            return reply(effects, session, iq.result(Registration.form(state.config().name().isEmpty() ? room.local().value() : state.config().name())));
        }
        if (a == Affiliation.OUTCAST || (a == Affiliation.NONE && state.config().membersOnly())) {
            return reply(effects, session, iq.errorReply(error(room, StanzaError.Condition.NOT_ALLOWED, "registration is closed to you")));
        }
        DataForm submitted;
        try {
            submitted = DataForm.findIn(iq.payload());
        } catch (IllegalArgumentException e) {
            submitted = null;
        }
        if (submitted != null && submitted.type() == DataForm.Type.CANCEL) return reply(effects, session, iq.result(null));
        Nickname nick;
        try {
            nick = Registration.requestedNick(submitted);
        } catch (IllegalArgumentException e) {
            return reply(effects, session, iq.errorReply(error(room, StanzaError.Condition.BAD_REQUEST, e.getMessage()))); // Example 74
        }
        String holder = state.holderOf(nick.comparable());
        Occupant inUse = roster.byNick.get(nick.comparable());
        if ((holder != null && !holder.equals(bare)) || (inUse != null && !inUse.realJid().asBare().toString().equals(bare))) {
            return reply(effects, session, iq.errorReply(error(room, StanzaError.Condition.CONFLICT, "that nickname is taken"))); // §7.10, Example 72
        }
        List<Room.Event> events = new ArrayList<>();
        if (a == Affiliation.NONE) events.add(new Room.AffiliationsChanged(Map.of(bare, Affiliation.MEMBER)));
        events.add(new Room.NicknameReserved(bare, nick.value()));
        return effects.persist(events).thenRun(s -> {
            session.tell(new Session.Deliver(iq.result(null).withFrom(room).withTo(from).element())); // Example 75
            if (a == Affiliation.NONE) AdminRequest.applyAffiliations(roster, s, Map.of(bare, Affiliation.MEMBER), Map.of(), null); // Example 76
        });
    }

    private static Effect<Room.Event, RoomState> reply(EffectFactories<Room.Event, RoomState> effects, ActorRef<Session.Command> session, Stanza reply) {
        session.tell(new Session.Deliver(reply.element()));
        return effects.none();
    }

    private static StanzaError error(BareJid room, StanzaError.Condition condition, String text) {
        return new StanzaError(condition.defaultType(), condition, text, room.toString(), null, null);
    }
}
