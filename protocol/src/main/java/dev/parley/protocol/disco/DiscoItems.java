package dev.parley.protocol.disco;

import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * XEP-0030 {@code <query xmlns='http://jabber.org/protocol/disco#items' [node='…']>}: the items (for a
 * MUC service, its public rooms), optionally paged with XEP-0059.
 */
public record DiscoItems(String node, List<Item> items, ResultSet resultSet) {
    public static final String ELEMENT = "query";
    public static final String NAMESPACE = "http://jabber.org/protocol/disco#items";

    public DiscoItems {
        items = List.copyOf(items);
    }

    /** {@code <item jid='…' [node='…'] [name='…']/>}. */
    public record Item(String jid, String node, String name) {}

    public static Element request(String node, ResultSet rsm) {
        return Element.builder(ELEMENT, NAMESPACE).attribute("node", node).add(rsm == null ? null : rsm.toElement()).build();
    }

    public static DiscoItems from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        List<Item> items = new ArrayList<>();
        for (Element c : e.children("item", NAMESPACE)) items.add(new Item(c.attribute("jid"), c.attribute("node"), c.attribute("name")));
        return new DiscoItems(e.attribute("node"), items, ResultSet.from(e.child(ResultSet.ELEMENT, ResultSet.NAMESPACE)));
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE).attribute("node", node);
        for (Item i : items) {
            b.add(Element.builder("item", NAMESPACE).attribute("jid", i.jid()).attribute("node", i.node()).attribute("name", i.name()).build());
        }
        if (resultSet != null) b.add(resultSet.toElement());
        return b.build();
    }
}
