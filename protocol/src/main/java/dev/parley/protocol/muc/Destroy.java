package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;

/**
 * {@code <destroy jid='alternate venue'>}: in muc#owner the owner's request (with reason and the
 * alternate venue's password, §10.9), in muc#user the notice occupants receive.
 */
public record Destroy(String jid, String reason, String password) {
    public static final String ELEMENT = "destroy";

    public static Destroy from(Element e) {
        if (e == null) return null;
        String ns = e.namespace();
        return new Destroy(e.attribute("jid"), e.childText("reason", ns), e.childText("password", ns));
    }

    /**
     * The element in {@code namespace}. The muc#user schema (§19.2) has no password: whoever relays a
     * destroy to occupants decides whether to pass it on (construct it without one to leave it out).
     */
    public Element toElement(String namespace) {
        return Element.builder(ELEMENT, namespace).attribute("jid", jid)
                .textChild("password", password).textChild("reason", reason).build();
    }
}
