package dev.parley.protocol.xml;

/** Namespaces the XML layer itself knows about. */
public final class Namespaces {
    /** The namespace bound to the {@code xml} prefix (XML Namespaces §3); it carries {@code xml:lang}. */
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
    /** The namespace of namespace declarations themselves. */
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    public static final String JABBER_CLIENT = "jabber:client";
    public static final String JABBER_SERVER = "jabber:server";
    public static final String JABBER_COMPONENT_ACCEPT = "jabber:component:accept";

    private Namespaces() {}
}
