package dev.parley.protocol.xml;

import java.util.Objects;

/**
 * One attribute: a namespace ({@code ""} for an unqualified attribute, which is almost every attribute in
 * XMPP), a local name and a value. Prefixes are not part of the model: they are a serialisation choice.
 */
public record Attribute(String namespace, String name, String value) {
    public Attribute {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Names.check(name);
        if (namespace.isEmpty() && name.equals("xmlns")) {
            throw new IllegalArgumentException("namespace declarations are not attributes of the model");
        }
    }

    public static Attribute of(String name, String value) {
        return new Attribute("", name, value);
    }

    boolean hasName(String ns, String localName) {
        return name.equals(localName) && namespace.equals(ns);
    }
}
