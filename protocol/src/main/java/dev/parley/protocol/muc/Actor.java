package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;

/** {@code <actor jid='…' nick='…'/>}: who kicked, banned or changed an affiliation (XEP-0045 §8.2, §9.1). */
public record Actor(String jid, String nick) {
    public static final String ELEMENT = "actor";

    static Actor from(Element e) {
        return e == null ? null : new Actor(e.attribute("jid"), e.attribute("nick"));
    }

    Element toElement(String namespace) {
        return Element.builder(ELEMENT, namespace).attribute("jid", jid).attribute("nick", nick).build();
    }
}
