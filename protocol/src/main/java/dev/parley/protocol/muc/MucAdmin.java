package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <query xmlns='http://jabber.org/protocol/muc#admin'>}: role and affiliation changes (a set with
 * items) and list requests (a get with one item naming the role or affiliation), XEP-0045 §8–§10.
 */
public record MucAdmin(List<MucItem> items) {
    public static final String ELEMENT = "query";
    public static final String NAMESPACE = "http://jabber.org/protocol/muc#admin";

    public MucAdmin {
        items = List.copyOf(items);
    }

    public static MucAdmin of(MucItem... items) {
        return new MucAdmin(List.of(items));
    }

    /** Reads the query; throws {@link IllegalArgumentException} for an undefined role or affiliation. */
    public static MucAdmin from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        List<MucItem> items = new ArrayList<>();
        for (Element c : e.children(MucItem.ELEMENT, NAMESPACE)) items.add(MucItem.from(c));
        return new MucAdmin(items);
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE);
        for (MucItem i : items) b.add(i.toElement(NAMESPACE));
        return b.build();
    }
}
