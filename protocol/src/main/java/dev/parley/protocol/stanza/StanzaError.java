package dev.parley.protocol.stanza;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import java.util.Objects;

/**
 * A stanza error (RFC 6120 §8.3): {@code <error type='…' [by='…']><condition
 * xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>[<text/>][app-specific]</error>}.
 *
 * @param type the error type; {@link Condition#defaultType()} unless a spec says otherwise
 * @param condition the defined condition
 * @param text optional human-readable text, or null
 * @param by optional JID of the entity that created the error, or null
 * @param alternateAddress for gone and redirect (§8.3.3.5, §8.3.3.14): the new address, or null
 * @param applicationCondition optional application-specific condition, or null
 */
public record StanzaError(Type type, Condition condition, String text, String by, String alternateAddress, Element applicationCondition) {
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String ELEMENT = "error";

    public StanzaError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition.defaultType(), condition, null, null, null, null);
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition.defaultType(), condition, text, null, null, null);
    }

    public StanzaError withType(Type newType) {
        return new StanzaError(newType, condition, text, by, alternateAddress, applicationCondition);
    }

    public StanzaError withBy(String newBy) {
        return new StanzaError(type, condition, text, newBy, alternateAddress, applicationCondition);
    }

    /** The error types of RFC 6120 §8.3.2. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Type fromValue(String v) {
            for (Type t : values()) if (t.value().equals(v)) return t;
            return null;
        }
    }

    /** The defined conditions of RFC 6120 §8.3.3, each with the error type the RFC gives it. */
    public enum Condition {
        BAD_REQUEST("bad-request", Type.MODIFY),
        CONFLICT("conflict", Type.CANCEL),
        FEATURE_NOT_IMPLEMENTED("feature-not-implemented", Type.CANCEL),
        FORBIDDEN("forbidden", Type.AUTH),
        GONE("gone", Type.CANCEL),
        INTERNAL_SERVER_ERROR("internal-server-error", Type.CANCEL),
        ITEM_NOT_FOUND("item-not-found", Type.CANCEL),
        JID_MALFORMED("jid-malformed", Type.MODIFY),
        NOT_ACCEPTABLE("not-acceptable", Type.MODIFY),
        NOT_ALLOWED("not-allowed", Type.CANCEL),
        NOT_AUTHORIZED("not-authorized", Type.AUTH),
        POLICY_VIOLATION("policy-violation", Type.MODIFY),
        RECIPIENT_UNAVAILABLE("recipient-unavailable", Type.WAIT),
        REDIRECT("redirect", Type.MODIFY),
        REGISTRATION_REQUIRED("registration-required", Type.AUTH),
        REMOTE_SERVER_NOT_FOUND("remote-server-not-found", Type.CANCEL),
        REMOTE_SERVER_TIMEOUT("remote-server-timeout", Type.WAIT),
        RESOURCE_CONSTRAINT("resource-constraint", Type.WAIT),
        SERVICE_UNAVAILABLE("service-unavailable", Type.CANCEL),
        SUBSCRIPTION_REQUIRED("subscription-required", Type.AUTH),
        UNDEFINED_CONDITION("undefined-condition", Type.CANCEL),
        UNEXPECTED_REQUEST("unexpected-request", Type.WAIT);

        private final String elementName;
        private final Type defaultType;

        Condition(String elementName, Type defaultType) {
            this.elementName = elementName;
            this.defaultType = defaultType;
        }

        public String elementName() {
            return elementName;
        }

        public Type defaultType() {
            return defaultType;
        }

        public static Condition fromElementName(String name) {
            for (Condition c : values()) if (c.elementName.equals(name)) return c;
            return null;
        }
    }

    /** The {@code <error/>} element, in {@code stanzaNamespace} (jabber:client or jabber:server). */
    public Element toElement(String stanzaNamespace) {
        Element.Builder cond = Element.builder(condition.elementName, NAMESPACE);
        if (alternateAddress != null && (condition == Condition.GONE || condition == Condition.REDIRECT)) {
            cond.text(alternateAddress);
        }
        return Element.builder(ELEMENT, stanzaNamespace)
                .attribute("type", type.value())
                .attribute("by", by)
                .add(cond.build())
                .add(text == null ? null : Element.builder("text", NAMESPACE).text(text).build())
                .add(applicationCondition)
                .build();
    }

    public Element toElement() {
        return toElement(Namespaces.JABBER_CLIENT);
    }

    /** Reads an {@code <error/>}; a missing or unknown condition reads as undefined-condition. */
    public static StanzaError fromElement(Element e) {
        Condition condition = null;
        String text = null;
        String alternate = null;
        Element app = null;
        for (Element c : e.elements()) {
            if (c.namespace().equals(NAMESPACE)) {
                if (c.name().equals("text")) text = c.text();
                else if (condition == null) {
                    condition = Condition.fromElementName(c.name());
                    if (condition == Condition.GONE || condition == Condition.REDIRECT) {
                        String t = c.text();
                        alternate = t.isEmpty() ? null : t;
                    }
                }
            } else if (app == null) {
                app = c;
            }
        }
        if (condition == null) condition = Condition.UNDEFINED_CONDITION;
        Type type = Type.fromValue(e.attribute("type"));
        return new StanzaError(type == null ? condition.defaultType() : type, condition, text, e.attribute("by"), alternate, app);
    }
}
