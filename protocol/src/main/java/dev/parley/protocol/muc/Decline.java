package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;

/** An invitee's {@code <decline/>} of a mediated invitation (XEP-0045 §7.8.2), relayed by the room. */
public record Decline(String to, String from, String reason) {
    public static final String ELEMENT = "decline";

    static Decline from(Element e) {
        return new Decline(e.attribute("to"), e.attribute("from"), e.childText("reason", e.namespace()));
    }

    Element toElement() {
        return Element.builder(ELEMENT, MucUser.NAMESPACE).attribute("from", from).attribute("to", to)
                .textChild("reason", reason).build();
    }
}
