package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;

/**
 * A mediated invitation (XEP-0045 §7.8.2): {@code <invite to='…'>} from the inviter to the room, and
 * {@code <invite from='…'>} from the room to the invitee; with §7.9's {@code <continue/>} when a one-to-one
 * chat becomes a room.
 *
 * @param to the invitee (in the inviter's request), or null
 * @param from the inviter (as the room forwards it), or null
 * @param reason optional reason
 * @param continueThread "" for {@code <continue/>} without a thread, the thread id, or null when absent
 */
public record Invite(String to, String from, String reason, String continueThread) {
    public static final String ELEMENT = "invite";

    static Invite from(Element e) {
        String ns = e.namespace();
        Element cont = e.child("continue", ns);
        return new Invite(e.attribute("to"), e.attribute("from"), e.childText("reason", ns),
                cont == null ? null : cont.attribute("thread") == null ? "" : cont.attribute("thread"));
    }

    Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, MucUser.NAMESPACE).attribute("from", from).attribute("to", to);
        b.textChild("reason", reason);
        if (continueThread != null) {
            b.add(Element.builder("continue", MucUser.NAMESPACE).attribute("thread", continueThread.isEmpty() ? null : continueThread).build());
        }
        return b.build();
    }
}
