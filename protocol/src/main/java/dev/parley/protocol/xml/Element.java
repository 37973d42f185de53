package dev.parley.protocol.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable, namespace-aware XML element: qualified name (namespace URI + local name), attributes, and
 * children (elements and text, in document order).
 *
 * <p>Prefixes are not kept: two elements are equal when their namespaces, names, attributes (in any
 * order) and children are equal, whichever prefixes a sender chose. Adjacent text children are merged
 * on construction, so equality does not depend on how a parser chunked character data either.
 *
 * <p>Instances are shared freely between threads and actors; "changing" one returns a copy that shares
 * every untouched child.
 */
public final class Element implements Node {
    private final String namespace;
    private final String name;
    private final List<Attribute> attributes;
    private final List<Node> children;
    private int hash;

    private Element(String namespace, String name, List<Attribute> attributes, List<Node> children) {
        this.namespace = namespace;
        this.name = name;
        this.attributes = attributes;
        this.children = children;
    }

    /** An empty element {@code <name xmlns='namespace'/>}. */
    public static Element of(String name, String namespace) {
        Names.check(name);
        return new Element(java.util.Objects.requireNonNull(namespace, "namespace"), name, List.of(), List.of());
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        b.attributes.addAll(attributes);
        b.children.addAll(children);
        return b;
    }

    public String name() {
        return name;
    }

    /** The namespace URI; {@code ""} when the element is in no namespace. */
    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    /** The value of the unqualified attribute {@code name}, or null. */
    public String attribute(String name) {
        return attribute("", name);
    }

    public String attribute(String namespace, String name) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            Attribute a = attributes.get(i);
            if (a.hasName(namespace, name)) return a.value();
        }
        return null;
    }

    /** This element's own {@code xml:lang}, or null when it inherits one. */
    public String lang() {
        return attribute(Namespaces.XML, "lang");
    }

    public List<Node> children() {
        return children;
    }

    /** The child elements, without text. */
    public List<Element> elements() {
        List<Element> out = null;
        for (Node n : children) {
            if (n instanceof Element e) {
                if (out == null) out = new ArrayList<>(children.size());
                out.add(e);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** The first child element with this name and namespace, or null. */
    public Element child(String name, String namespace) {
        for (int i = 0, n = children.size(); i < n; i++) {
            if (children.get(i) instanceof Element e && e.is(name, namespace)) return e;
        }
        return null;
    }

    /** The first child element in this namespace, whatever its name, or null. */
    public Element childInNamespace(String namespace) {
        for (int i = 0, n = children.size(); i < n; i++) {
            if (children.get(i) instanceof Element e && e.namespace.equals(namespace)) return e;
        }
        return null;
    }

    public List<Element> children(String name, String namespace) {
        List<Element> out = new ArrayList<>();
        for (Node n : children) {
            if (n instanceof Element e && e.is(name, namespace)) out.add(e);
        }
        return Collections.unmodifiableList(out);
    }

    /** The text directly inside this element (not its descendants'), {@code ""} when there is none. */
    public String text() {
        String only = null;
        StringBuilder sb = null;
        for (Node n : children) {
            if (n instanceof Text t) {
                if (only == null) only = t.value();
                else {
                    if (sb == null) sb = new StringBuilder(only);
                    sb.append(t.value());
                }
            }
        }
        return sb != null ? sb.toString() : only == null ? "" : only;
    }

    /** The text of the first child element with this name and namespace, or null when there is no such child. */
    public String childText(String name, String namespace) {
        Element c = child(name, namespace);
        return c == null ? null : c.text();
    }

    /** A copy with the unqualified attribute set to {@code value}, or removed when {@code value} is null. */
    public Element withAttribute(String name, String value) {
        return withAttribute("", name, value);
    }

    public Element withAttribute(String namespace, String name, String value) {
        int index = -1;
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).hasName(namespace, name)) {
                index = i;
                break;
            }
        }
        if (value == null && index < 0) return this;
        if (index >= 0 && value != null && attributes.get(index).value().equals(value)) return this;
        List<Attribute> copy = new ArrayList<>(attributes);
        if (value == null) copy.remove(index);
        else if (index >= 0) copy.set(index, new Attribute(namespace, name, value));
        else copy.add(new Attribute(namespace, name, value));
        return new Element(this.namespace, this.name, List.copyOf(copy), children);
    }

    /** A copy with {@code child} appended. */
    public Element withChild(Node child) {
        return toBuilder().add(child).build();
    }

    /** A copy without the children that match. */
    public Element withoutChildren(Predicate<Node> remove) {
        boolean any = false;
        for (Node n : children) {
            if (remove.test(n)) {
                any = true;
                break;
            }
        }
        if (!any) return this; // immutable: nothing to remove, nothing to copy (the room's hot path relies on it)
        Builder b = new Builder(name, namespace);
        b.attributes.addAll(attributes);
        for (Node n : children) if (!remove.test(n)) b.add(n);
        return b.build();
    }

    /**
     * A copy in which this element and every descendant in namespace {@code from} are in {@code to} instead; the
     * same instance when none is. What a server-to-server or component stream carries in {@code jabber:server} or
     * {@code jabber:component:accept} is handled as {@code jabber:client} inside the server (RFC 6120 §4.8.3:
     * the stanza namespaces differ only by the stream they travel on).
     */
    public Element renamespaced(String from, String to) {
        boolean self = namespace.equals(from);
        List<Node> kids = null;
        for (int i = 0; i < children.size(); i++) {
            Node n = children.get(i);
            if (!(n instanceof Element c)) continue;
            Element r = c.renamespaced(from, to);
            if (r == c) continue;
            if (kids == null) kids = new ArrayList<>(children);
            kids.set(i, r);
        }
        if (!self && kids == null) return this;
        return new Element(self ? to : namespace, name, attributes, kids == null ? children : List.copyOf(kids));
    }

    /** A copy whose children are replaced. */
    public Element withChildren(List<? extends Node> newChildren) {
        Builder b = new Builder(name, namespace);
        b.attributes.addAll(attributes);
        for (Node n : newChildren) b.add(n);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Element e)) return false;
        if (hash != 0 && e.hash != 0 && hash != e.hash) return false;
        return name.equals(e.name)
                && namespace.equals(e.namespace)
                && attributes.size() == e.attributes.size()
                && e.attributes.containsAll(attributes)
                && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            int attrs = 0;
            for (Attribute a : attributes) attrs += a.hashCode(); // order-insensitive
            h = Objects.hash(name, namespace, attrs, children);
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    /** The element serialised with every namespace declared: for logs and test messages. */
    @Override
    public String toString() {
        return XmlWriter.toXmlString(this);
    }

    /** Builds an element; not thread-safe, use once. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final List<Attribute> attributes = new ArrayList<>(4);
        private final List<Node> children = new ArrayList<>(4);

        private Builder(String name, String namespace) {
            this.name = Objects.requireNonNull(name, "name");
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            Names.check(name);
        }

        /** Sets an unqualified attribute; a null value leaves it out, so optional attributes chain. */
        public Builder attribute(String name, String value) {
            return attribute("", name, value);
        }

        public Builder attribute(String namespace, String name, String value) {
            if (value == null) return this;
            for (int i = 0; i < attributes.size(); i++) {
                if (attributes.get(i).hasName(namespace, name)) {
                    attributes.set(i, new Attribute(namespace, name, value));
                    return this;
                }
            }
            attributes.add(new Attribute(namespace, name, value));
            return this;
        }

        public Builder attribute(String name, int value) {
            return attribute(name, Integer.toString(value));
        }

        public Builder lang(String lang) {
            return attribute(Namespaces.XML, "lang", lang);
        }

        /** Appends a child; null is ignored, so optional children chain. Adjacent text is merged. */
        public Builder add(Node child) {
            if (child == null) return this;
            if (child instanceof Text t) return text(t.value());
            children.add(child);
            return this;
        }

        public Builder addAll(Iterable<? extends Node> nodes) {
            for (Node n : nodes) add(n);
            return this;
        }

        /** Appends character data (merged with preceding text); null or empty is ignored. */
        public Builder text(String text) {
            if (text == null || text.isEmpty()) return this;
            int last = children.size() - 1;
            if (last >= 0 && children.get(last) instanceof Text prev) {
                children.set(last, new Text(prev.value() + text));
            } else {
                children.add(new Text(text));
            }
            return this;
        }

        /** Appends {@code <name xmlns=this namespace>text</name>}, when text is not null. */
        public Builder textChild(String childName, String text) {
            if (text == null) return this;
            return add(Element.builder(childName, namespace).text(text).build());
        }

        public Element build() {
            return new Element(namespace, name, List.copyOf(attributes), List.copyOf(children));
        }
    }
}
