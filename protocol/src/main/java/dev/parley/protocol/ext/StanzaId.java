package dev.parley.protocol.ext;

import dev.parley.protocol.xml.Element;
import java.util.Objects;

/**
 * XEP-0359 {@code <stanza-id xmlns='urn:xmpp:sid:0' id='…' by='…'/>}: the id the room gives a message it
 * reflects, unique and stable within {@code by}. A room MUST remove any stanza-id claiming to be by
 * itself from an incoming message (§3: "by" must not be spoofed), which {@link #isBy} helps check.
 */
public record StanzaId(String id, String by) {
    public static final String ELEMENT = "stanza-id";
    public static final String NAMESPACE = "urn:xmpp:sid:0";

    public StanzaId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(by, "by");
    }

    public static StanzaId from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        String id = e.attribute("id");
        String by = e.attribute("by");
        return id == null || by == null ? null : new StanzaId(id, by);
    }

    /** True when {@code e} is a stanza-id element whose 'by' is {@code jid}. */
    public static boolean isBy(Element e, String jid) {
        return e.is(ELEMENT, NAMESPACE) && jid.equals(e.attribute("by"));
    }

    public Element toElement() {
        return Element.builder(ELEMENT, NAMESPACE).attribute("id", id).attribute("by", by).build();
    }
}
