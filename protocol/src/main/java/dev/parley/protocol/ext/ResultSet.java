package dev.parley.protocol.ext;

import dev.parley.protocol.xml.Element;

/**
 * XEP-0059 Result Set Management: {@code <set xmlns='http://jabber.org/protocol/rsm'>}, used both as a
 * request (max, after, before, index) and in a response (first with its index, last, count).
 *
 * <p>{@code before} is tri-state: null (absent), "" (an empty {@code <before/>}: "the last page", §2.5),
 * or an item id. Integer fields are null when absent.
 */
public record ResultSet(Integer max, String after, String before, Integer index, String first, Integer firstIndex, String last, Integer count) {
    public static final String ELEMENT = "set";
    public static final String NAMESPACE = "http://jabber.org/protocol/rsm";

    public static ResultSet request(Integer max, String after, String before, Integer index) {
        return new ResultSet(max, after, before, index, null, null, null, null);
    }

    public static ResultSet response(String first, Integer firstIndex, String last, Integer count) {
        return new ResultSet(null, null, null, null, first, firstIndex, last, count);
    }

    /** Reads a set; throws {@link IllegalArgumentException} when a number is not a non-negative integer. */
    public static ResultSet from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        Element first = e.child("first", NAMESPACE);
        return new ResultSet(
                number(e.childText("max", NAMESPACE)),
                e.childText("after", NAMESPACE),
                e.childText("before", NAMESPACE),
                number(e.childText("index", NAMESPACE)),
                first == null ? null : first.text(),
                first == null ? null : number(first.attribute("index")),
                e.childText("last", NAMESPACE),
                number(e.childText("count", NAMESPACE)));
    }

    private static Integer number(String s) {
        if (s == null) return null;
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 0) throw new IllegalArgumentException("negative number in RSM: " + s);
            return v;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("not a number in RSM: " + s, ex);
        }
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE);
        if (after != null) b.textChild("after", after);
        if (before != null) b.add(Element.builder("before", NAMESPACE).text(before).build());
        if (count != null) b.textChild("count", count.toString());
        if (first != null) {
            b.add(Element.builder("first", NAMESPACE).attribute("index", firstIndex == null ? null : firstIndex.toString()).text(first).build());
        }
        if (index != null) b.textChild("index", index.toString());
        if (last != null) b.textChild("last", last);
        if (max != null) b.textChild("max", max.toString());
        return b.build();
    }
}
