package dev.parley.protocol.stream;

import dev.parley.protocol.xml.Element;
import java.util.Objects;

/**
 * A stream error (RFC 6120 §4.9): the stream is closed after it is sent.
 *
 * @param condition the defined condition (§4.9.3)
 * @param text optional human-readable text, or null
 * @param applicationCondition optional application-specific condition element, or null
 */
public record StreamError(Condition condition, String text, Element applicationCondition) {
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STREAMS_NAMESPACE = "http://etherx.jabber.org/streams";
    public static final String ELEMENT = "error";

    public StreamError {
        Objects.requireNonNull(condition, "condition");
    }

    public static StreamError of(Condition condition) {
        return new StreamError(condition, null, null);
    }

    public static StreamError of(Condition condition, String text) {
        return new StreamError(condition, text, null);
    }

    /** The defined conditions of RFC 6120 §4.9.3, in the RFC's order. */
    public enum Condition {
        BAD_FORMAT("bad-format"),
        BAD_NAMESPACE_PREFIX("bad-namespace-prefix"),
        CONFLICT("conflict"),
        CONNECTION_TIMEOUT("connection-timeout"),
        HOST_GONE("host-gone"),
        HOST_UNKNOWN("host-unknown"),
        IMPROPER_ADDRESSING("improper-addressing"),
        INTERNAL_SERVER_ERROR("internal-server-error"),
        INVALID_FROM("invalid-from"),
        INVALID_NAMESPACE("invalid-namespace"),
        INVALID_XML("invalid-xml"),
        NOT_AUTHORIZED("not-authorized"),
        NOT_WELL_FORMED("not-well-formed"),
        POLICY_VIOLATION("policy-violation"),
        REMOTE_CONNECTION_FAILED("remote-connection-failed"),
        RESET("reset"),
        RESOURCE_CONSTRAINT("resource-constraint"),
        RESTRICTED_XML("restricted-xml"),
        SEE_OTHER_HOST("see-other-host"),
        SYSTEM_SHUTDOWN("system-shutdown"),
        UNDEFINED_CONDITION("undefined-condition"),
        UNSUPPORTED_ENCODING("unsupported-encoding"),
        UNSUPPORTED_FEATURE("unsupported-feature"),
        UNSUPPORTED_STANZA_TYPE("unsupported-stanza-type"),
        UNSUPPORTED_VERSION("unsupported-version");

        private final String elementName;

        Condition(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }

        public static Condition fromElementName(String name) {
            for (Condition c : values()) if (c.elementName.equals(name)) return c;
            return null;
        }
    }

    /**
     * {@code <stream:error><condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>…</stream:error>}. For
     * see-other-host the text is the new host, carried as the condition's character data (§4.9.3.19).
     */
    public Element toElement() {
        Element.Builder cond = Element.builder(condition.elementName, NAMESPACE);
        Element.Builder b = Element.builder(ELEMENT, STREAMS_NAMESPACE);
        if (condition == Condition.SEE_OTHER_HOST && text != null) {
            b.add(cond.text(text).build());
        } else {
            b.add(cond.build());
            if (text != null) {
                b.add(Element.builder("text", NAMESPACE).text(text).build());
            }
        }
        return b.add(applicationCondition).build();
    }

    /** Reads a received {@code <stream:error/>}; an unknown or missing condition reads as undefined-condition. */
    public static StreamError fromElement(Element e) {
        Condition condition = null;
        String text = null;
        Element app = null;
        for (Element c : e.elements()) {
            if (c.namespace().equals(NAMESPACE)) {
                if (c.name().equals("text")) text = c.text();
                else if (condition == null) {
                    condition = Condition.fromElementName(c.name());
                    if (condition == Condition.SEE_OTHER_HOST) text = c.text();
                }
            } else if (app == null) {
                app = c;
            }
        }
        return new StreamError(condition == null ? Condition.UNDEFINED_CONDITION : condition, text, app);
    }
}
