package dev.parley.protocol.stanza;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import java.util.Locale;

/** A message stanza (RFC 6120 §8.2.1, RFC 6121 §5). */
public final class Message extends Stanza {
    public static final String ELEMENT = "message";

    /** The message types of RFC 6121 §5.2.2. */
    public enum Type {
        CHAT, ERROR, GROUPCHAT, HEADLINE, NORMAL;
        /** The value as XML writes it: made once, not for every stanza read or written. */
        private final String lower = name().toLowerCase(Locale.ROOT);
        private static final Type[] VALUES = values();

        public String value() {
            return lower;
        }

        /** "normal" for a missing or unknown value, as RFC 6121 §5.2.2 requires. */
        public static Type fromValue(String v) {
            if (v != null) for (Type t : VALUES) if (t.value().equals(v)) return t;
            return NORMAL;
        }
    }

    Message(Element element) {
        super(element);
    }

    public static Message of(Element e) {
        if (!e.name().equals(ELEMENT)) throw new IllegalArgumentException("not a message: " + e.name());
        return new Message(e);
    }

    public static Element.Builder builder(Type type) {
        Element.Builder b = Element.builder(ELEMENT, Namespaces.JABBER_CLIENT);
        return type == Type.NORMAL ? b : b.attribute("type", type.value());
    }

    public Type type() {
        return Type.fromValue(typeAttribute());
    }

    /** The first {@code <body/>} (RFC 6121 §5.2.3), or null. */
    public String body() {
        return element.childText("body", namespace());
    }

    /** The {@code <subject/>} (RFC 6121 §5.2.4), or null when there is none; "" for an empty one. */
    public String subject() {
        return element.childText("subject", namespace());
    }

    public String thread() {
        return element.childText("thread", namespace());
    }

    @Override
    public Message withElement(Element e) {
        return new Message(e);
    }

    @Override
    public Message withTo(dev.parley.protocol.jid.Jid to) {
        return (Message) super.withTo(to);
    }

    @Override
    public Message withFrom(dev.parley.protocol.jid.Jid from) {
        return (Message) super.withFrom(from);
    }
}
