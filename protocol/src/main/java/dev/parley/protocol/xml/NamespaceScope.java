package dev.parley.protocol.xml;

/**
 * The namespace context an element is written into: the default namespace in scope, and at most one
 * prefix binding (the {@code stream:} prefix of an XMPP stream header).
 */
public record NamespaceScope(String defaultNamespace, String prefix, String prefixNamespace) {
    /** Outside any element: every namespace is declared. */
    public static final NamespaceScope NONE = new NamespaceScope("", null, null);

    public static NamespaceScope ofDefault(String defaultNamespace) {
        return new NamespaceScope(defaultNamespace, null, null);
    }
}
