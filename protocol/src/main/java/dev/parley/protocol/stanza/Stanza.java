package dev.parley.protocol.stanza;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.protocol.xml.Node;
import java.util.Objects;

/**
 * A stanza (RFC 6120 §8): a {@link Message}, {@link Presence} or {@link Iq}, as a typed view over its
 * immutable element. Addresses are parsed on demand; the element stays the source of truth, so what is
 * not modelled (unknown extensions) is carried along untouched.
 */
public abstract sealed class Stanza permits Message, Presence, Iq {
    protected final Element element;

    protected Stanza(Element element) {
        this.element = Objects.requireNonNull(element);
    }

    /** The typed view of {@code e}, or null when it is not a stanza (wrong name or not a stanza namespace). */
    public static Stanza from(Element e) {
        String ns = e.namespace();
        if (!ns.equals(Namespaces.JABBER_CLIENT) && !ns.equals(Namespaces.JABBER_SERVER)
                && !ns.equals(Namespaces.JABBER_COMPONENT_ACCEPT)) {
            return null;
        }
        return switch (e.name()) {
            case Message.ELEMENT -> new Message(e);
            case Presence.ELEMENT -> new Presence(e);
            case Iq.ELEMENT -> new Iq(e);
            default -> null;
        };
    }

    public Element element() {
        return element;
    }

    public String namespace() {
        return element.namespace();
    }

    /** The 'to' attribute as written, or null. */
    public String toAttribute() {
        return element.attribute("to");
    }

    /** The 'from' attribute as written, or null. */
    public String fromAttribute() {
        return element.attribute("from");
    }

    /** The parsed 'to' address, or null when absent; throws {@code JidFormatException} when malformed. */
    public Jid to() {
        String to = toAttribute();
        return to == null ? null : Jid.of(to);
    }

    /** The parsed 'from' address, or null when absent; throws {@code JidFormatException} when malformed. */
    public Jid from() {
        String from = fromAttribute();
        return from == null ? null : Jid.of(from);
    }

    public String id() {
        return element.attribute("id");
    }

    /** The 'type' attribute as written, or null. */
    public String typeAttribute() {
        return element.attribute("type");
    }

    /** This stanza's own xml:lang, or null (it may inherit the stream's). */
    public String lang() {
        return element.lang();
    }

    /** The {@code <error/>} child of an error stanza, or null. */
    public StanzaError error() {
        Element e = element.child(StanzaError.ELEMENT, element.namespace());
        return e == null ? null : StanzaError.fromElement(e);
    }

    /** The first child in {@code namespace} with this name, or null: the entry point for extensions. */
    public Element extension(String name, String namespace) {
        return element.child(name, namespace);
    }

    public abstract Stanza withElement(Element e);

    public Stanza withTo(Jid to) {
        return withElement(element.withAttribute("to", to == null ? null : to.toString()));
    }

    public Stanza withFrom(Jid from) {
        return withElement(element.withAttribute("from", from == null ? null : from.toString()));
    }

    public Stanza withId(String id) {
        return withElement(element.withAttribute("id", id));
    }

    /**
     * The error reply to this stanza (RFC 6120 §8.3.1): to and from swapped, type='error', the same id,
     * the original payload included when {@code includePayload} (as the XEP-0045 examples do), then the
     * {@code <error/>}.
     */
    public Stanza errorReply(StanzaError error, boolean includePayload) {
        Element.Builder b = Element.builder(element.name(), element.namespace())
                .attribute("from", toAttribute())
                .attribute("to", fromAttribute())
                .attribute("id", id())
                .attribute("type", "error");
        if (element.lang() != null) b.lang(element.lang());
        if (includePayload) {
            for (Node n : element.children()) {
                if (!(n instanceof Element c && c.is(StanzaError.ELEMENT, element.namespace()))) b.add(n);
            }
        }
        return withElement(b.add(error.toElement(element.namespace())).build());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stanza s && s.getClass() == getClass() && s.element.equals(element);
    }

    @Override
    public int hashCode() {
        return element.hashCode();
    }

    @Override
    public String toString() {
        return element.toString();
    }
}
