package dev.parley.protocol.ext;

import dev.parley.protocol.xml.Element;
import java.util.Objects;

/** XEP-0359 {@code <origin-id xmlns='urn:xmpp:sid:0' id='…'/>}: the id the sending client gave a message. */
public record OriginId(String id) {
    public static final String ELEMENT = "origin-id";
    public static final String NAMESPACE = StanzaId.NAMESPACE;

    public OriginId {
        Objects.requireNonNull(id, "id");
    }

    public static OriginId from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        String id = e.attribute("id");
        return id == null ? null : new OriginId(id);
    }

    public Element toElement() {
        return Element.builder(ELEMENT, NAMESPACE).attribute("id", id).build();
    }
}
