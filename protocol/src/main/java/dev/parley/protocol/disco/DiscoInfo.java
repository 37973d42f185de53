package dev.parley.protocol.disco;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import java.util.ArrayList;
import java.util.List;

/**
 * XEP-0030 {@code <query xmlns='http://jabber.org/protocol/disco#info' [node='…']>}: identities,
 * features, and (XEP-0128) extended information as result data forms, such as a room's
 * {@code muc#roominfo}.
 */
public record DiscoInfo(String node, List<Identity> identities, List<String> features, List<DataForm> extensions) {
    public static final String ELEMENT = "query";
    public static final String NAMESPACE = "http://jabber.org/protocol/disco#info";

    public DiscoInfo {
        identities = List.copyOf(identities);
        features = List.copyOf(features);
        extensions = List.copyOf(extensions);
    }

    /** {@code <identity category='…' type='…' [name='…'] [xml:lang='…']/>} (XEP-0030 §3.1). */
    public record Identity(String category, String type, String name, String lang) {
        public static Identity of(String category, String type, String name) {
            return new Identity(category, type, name, null);
        }
    }

    /** The empty request. */
    public static Element request(String node) {
        return Element.builder(ELEMENT, NAMESPACE).attribute("node", node).build();
    }

    public static DiscoInfo from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        List<Identity> identities = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<DataForm> forms = new ArrayList<>();
        for (Element c : e.elements()) {
            if (c.is("identity", NAMESPACE)) {
                identities.add(new Identity(c.attribute("category"), c.attribute("type"), c.attribute("name"), c.attribute(Namespaces.XML, "lang")));
            } else if (c.is("feature", NAMESPACE)) {
                features.add(c.attribute("var"));
            } else if (c.is(DataForm.ELEMENT, DataForm.NAMESPACE)) {
                DataForm f = DataForm.from(c);
                if (f != null) forms.add(f);
            }
        }
        return new DiscoInfo(e.attribute("node"), identities, features, forms);
    }

    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }

    /** The extended-info form with this FORM_TYPE, or null. */
    public DataForm extension(String formType) {
        for (DataForm f : extensions) if (formType.equals(f.formType())) return f;
        return null;
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE).attribute("node", node);
        for (Identity i : identities) {
            b.add(Element.builder("identity", NAMESPACE).attribute("category", i.category()).attribute("type", i.type())
                    .attribute("name", i.name()).attribute(Namespaces.XML, "lang", i.lang()).build());
        }
        for (String f : features) b.add(Element.builder("feature", NAMESPACE).attribute("var", f).build());
        for (DataForm f : extensions) b.add(f.toElement());
        return b.build();
    }
}
