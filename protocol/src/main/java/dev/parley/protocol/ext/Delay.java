package dev.parley.protocol.ext;

import dev.parley.protocol.xml.Element;
import java.time.Instant;
import java.util.Objects;

/**
 * XEP-0203 Delayed Delivery: {@code <delay xmlns='urn:xmpp:delay' from='…' stamp='…'>reason</delay>}, on
 * discussion history sent to a new occupant (XEP-0045 §7.2.14).
 *
 * @param stamp when the stanza was originally sent (required)
 * @param from who delayed it (for MUC history: the room's JID), or null
 * @param reason optional natural-language reason, or null
 */
public record Delay(Instant stamp, String from, String reason) {
    public static final String ELEMENT = "delay";
    public static final String NAMESPACE = "urn:xmpp:delay";

    public Delay {
        Objects.requireNonNull(stamp, "stamp");
    }

    /** Reads a delay element; null when it has no valid stamp. */
    public static Delay from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        String stamp = e.attribute("stamp");
        if (stamp == null) return null;
        try {
            String text = e.text();
            return new Delay(XmppDateTime.parseDateTime(stamp), e.attribute("from"), text.isEmpty() ? null : text);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    public Element toElement() {
        return Element.builder(ELEMENT, NAMESPACE)
                .attribute("from", from)
                .attribute("stamp", XmppDateTime.formatDateTime(stamp))
                .text(reason)
                .build();
    }
}
