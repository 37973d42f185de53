package dev.parley.server.room;

import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.util.List;

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
}
