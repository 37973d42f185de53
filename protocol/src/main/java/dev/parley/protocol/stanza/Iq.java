package dev.parley.protocol.stanza;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.protocol.xml.Node;
import java.util.Locale;

/** An IQ stanza (RFC 6120 §8.2.3): a request (get/set) with exactly one payload, or its result/error. */
public final class Iq extends Stanza {
    public static final String ELEMENT = "iq";

    public enum Type {
        GET, SET, RESULT, ERROR;
        /** The value as XML writes it: made once, not for every stanza read or written. */
        private final String lower = name().toLowerCase(Locale.ROOT);
        private static final Type[] VALUES = values();

        public String value() {
            return lower;
        }

        /** Null for a missing or unknown value: such an IQ gets a bad-request error. */
        public static Type fromValue(String v) {
            if (v != null) for (Type t : VALUES) if (t.value().equals(v)) return t;
            return null;
        }

        public boolean isRequest() {
            return this == GET || this == SET;
        }
    }

    Iq(Element element) {
        super(element);
    }

    public static Iq of(Element e) {
        if (!e.name().equals(ELEMENT)) throw new IllegalArgumentException("not an iq: " + e.name());
        return new Iq(e);
    }

    /** A request with {@code payload}. */
    public static Iq request(Type type, String id, Element payload) {
        return new Iq(Element.builder(ELEMENT, Namespaces.JABBER_CLIENT)
                .attribute("type", type.value()).attribute("id", id).add(payload).build());
    }

    public Type type() {
        return Type.fromValue(typeAttribute());
    }

    /** The payload: the single child element of a get/set, the optional one of a result (§8.2.3). */
    public Element payload() {
        for (Node n : element.children()) {
            if (n instanceof Element e && !e.is(StanzaError.ELEMENT, namespace())) return e;
        }
        return null;
    }

    /**
     * True when this is a well-formed request: an id, and exactly one child element (RFC 6120 §8.2.3:
     * "An IQ stanza of type get or set MUST contain exactly one child element").
     */
    public boolean isValidRequest() {
        Type t = type();
        if (t == null || !t.isRequest() || id() == null) return false;
        int elements = 0;
        for (Node n : element.children()) if (n instanceof Element) elements++;
        return elements == 1;
    }

    /** The result reply, addresses swapped, with an optional payload. */
    public Iq result(Element payload) {
        return new Iq(Element.builder(ELEMENT, namespace())
                .attribute("from", toAttribute()).attribute("to", fromAttribute())
                .attribute("id", id()).attribute("type", "result")
                .add(payload).build());
    }

    /** The error reply, the request's payload included (as RFC 6120's examples do). */
    public Iq errorReply(StanzaError error) {
        return (Iq) errorReply(error, true);
    }

    @Override
    public Iq withElement(Element e) {
        return new Iq(e);
    }

    @Override
    public Iq withTo(dev.parley.protocol.jid.Jid to) {
        return (Iq) super.withTo(to);
    }

    @Override
    public Iq withFrom(dev.parley.protocol.jid.Jid from) {
        return (Iq) super.withFrom(from);
    }
}
