package dev.parley.protocol.muc;

import dev.parley.protocol.ext.XmppDateTime;
import dev.parley.protocol.xml.Element;
import java.time.Instant;

/**
 * {@code <x xmlns='http://jabber.org/protocol/muc'>} in the presence that enters a room (XEP-0045 §7.2):
 * it marks the client as MUC-aware, and carries the room password (§7.2.5) and how much discussion
 * history to send (§7.2.14).
 */
public record MucJoin(String password, History history) {
    public static final String ELEMENT = "x";
    public static final String NAMESPACE = "http://jabber.org/protocol/muc";

    /**
     * {@code <history maxchars maxstanzas seconds since/>} (§7.2.14, Table 8). Each limit is null when
     * absent; when several are given the room applies all of them (the most restrictive wins).
     */
    public record History(Integer maxChars, Integer maxStanzas, Integer seconds, Instant since) {
        public static final History NONE = new History(0, 0, null, null);

        /**
         * Reads the element. Negative numbers or a malformed 'since' are ignored, as a lenient room would.
         * (The XEP defines no error for them, and refusing entry over a history hint would be hostile.)
         */
        static History from(Element e) {
            Instant since = null;
            String s = e.attribute("since");
            if (s != null) {
                try {
                    since = XmppDateTime.parseDateTime(s);
                } catch (IllegalArgumentException ignored) {
                    // see above
                }
            }
            return new History(count(e.attribute("maxchars")), count(e.attribute("maxstanzas")), count(e.attribute("seconds")), since);
        }

        private static Integer count(String v) {
            if (v == null) return null;
            try {
                int n = Integer.parseInt(v.trim());
                return n < 0 ? null : n;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        Element toElement() {
            Element.Builder b = Element.builder("history", NAMESPACE);
            if (maxChars != null) b.attribute("maxchars", maxChars);
            if (maxStanzas != null) b.attribute("maxstanzas", maxStanzas);
            if (seconds != null) b.attribute("seconds", seconds);
            if (since != null) b.attribute("since", XmppDateTime.formatDateTime(since));
            return b.build();
        }
    }

    public static final MucJoin EMPTY = new MucJoin(null, null);

    /** Reads the join element out of a presence, or null when the presence has none. */
    public static MucJoin fromParent(Element presence) {
        return from(presence.child(ELEMENT, NAMESPACE));
    }

    public static MucJoin from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        Element h = e.child("history", NAMESPACE);
        return new MucJoin(e.childText("password", NAMESPACE), h == null ? null : History.from(h));
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE);
        if (history != null) b.add(history.toElement());
        return b.textChild("password", password).build();
    }
}
