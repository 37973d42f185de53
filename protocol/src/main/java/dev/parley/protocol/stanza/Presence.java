package dev.parley.protocol.stanza;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import java.util.Locale;

/** A presence stanza (RFC 6120 §8.2.2, RFC 6121 §4). */
public final class Presence extends Stanza {
    public static final String ELEMENT = "presence";

    /** The presence types (RFC 6121 §4.7.1); AVAILABLE is the absence of a type. */
    public enum Type {
        AVAILABLE, ERROR, PROBE, SUBSCRIBE, SUBSCRIBED, UNAVAILABLE, UNSUBSCRIBE, UNSUBSCRIBED;
        /** The value as XML writes it: made once, not for every stanza read or written. */
        private final String lower = name().toLowerCase(Locale.ROOT);
        private static final Type[] VALUES = values();

        public String value() {
            return this == AVAILABLE ? null : lower;
        }

        /** AVAILABLE for a missing value, null for an unknown one (answer bad-request). */
        public static Type fromValue(String v) {
            if (v == null) return AVAILABLE;
            for (Type t : VALUES) if (t != AVAILABLE && t.value().equals(v)) return t;
            return null;
        }
    }

    /** The availability sub-states of {@code <show/>} (RFC 6121 §4.7.2.1); ONLINE is its absence. */
    public enum Show {
        ONLINE, AWAY, CHAT, DND, XA;
        /** The value as XML writes it: made once, not for every stanza read or written. */
        private final String lower = name().toLowerCase(Locale.ROOT);
        private static final Show[] VALUES = values();

        public String value() {
            return this == ONLINE ? null : lower;
        }

        public static Show fromValue(String v) {
            if (v == null) return ONLINE;
            for (Show s : VALUES) if (s != ONLINE && s.value().equals(v)) return s;
            return null;
        }
    }

    Presence(Element element) {
        super(element);
    }

    public static Presence of(Element e) {
        if (!e.name().equals(ELEMENT)) throw new IllegalArgumentException("not a presence: " + e.name());
        return new Presence(e);
    }

    public static Element.Builder builder(Type type) {
        return Element.builder(ELEMENT, Namespaces.JABBER_CLIENT).attribute("type", type.value());
    }

    /** The type, or null when the 'type' attribute has a value RFC 6121 does not define. */
    public Type type() {
        return Type.fromValue(typeAttribute());
    }

    /** The show value, or null when {@code <show/>} holds an undefined value. */
    public Show show() {
        return Show.fromValue(element.childText("show", namespace()));
    }

    public String status() {
        return element.childText("status", namespace());
    }

    /** The priority (RFC 6121 §4.7.2.3), 0 when absent or not an integer in -128..127. */
    public int priority() {
        String p = element.childText("priority", namespace());
        if (p == null) return 0;
        try {
            int v = Integer.parseInt(p.trim());
            return v < -128 || v > 127 ? 0 : v;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Presence withElement(Element e) {
        return new Presence(e);
    }

    @Override
    public Presence withTo(dev.parley.protocol.jid.Jid to) {
        return (Presence) super.withTo(to);
    }

    @Override
    public Presence withFrom(dev.parley.protocol.jid.Jid from) {
        return (Presence) super.withFrom(from);
    }
}
