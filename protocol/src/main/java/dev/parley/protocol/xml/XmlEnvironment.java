package dev.parley.protocol.xml;

/**
 * The context an element is read in: the language in effect ({@code xml:lang} is inherited from the
 * nearest ancestor that sets it, the stream header included: RFC 6120 §4.7.4, XML 1.0 §2.12).
 *
 * <p>Elements have no parent pointers, so the environment is passed down: {@code stream.child(stanza)
 * .child(body).lang()} is the language of a body.
 */
public record XmlEnvironment(String lang) {
    /** No language declared anywhere. */
    public static final XmlEnvironment EMPTY = new XmlEnvironment(null);

    public static XmlEnvironment of(String lang) {
        return lang == null ? EMPTY : new XmlEnvironment(lang);
    }

    /** The environment inside {@code element}: its own {@code xml:lang} wins, else this one's. */
    public XmlEnvironment child(Element element) {
        String own = element.lang();
        return own == null || own.equals(lang) ? this : new XmlEnvironment(own);
    }

    /** The language of {@code element} read in this environment, or null when none is declared. */
    public String langOf(Element element) {
        String own = element.lang();
        return own != null ? own : lang;
    }
}
