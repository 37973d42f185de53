package dev.parley.protocol.corpus;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.ext.Delay;
import dev.parley.protocol.ext.OriginId;
import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.muc.MucAdmin;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.MucOwner;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Node;
import dev.parley.protocol.xml.Text;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Element → typed model → element, for every extension type the protocol module models. */
final class ModelRoundTrip {
    static final Map<String, UnaryOperator<Element>> MODELS = Map.ofEntries(
            Map.entry(key("x", MucJoin.NAMESPACE), e -> MucJoin.from(e).toElement()),
            Map.entry(key("x", MucUser.NAMESPACE), e -> MucUser.from(e).toElement()),
            Map.entry(key("query", MucAdmin.NAMESPACE), e -> MucAdmin.from(e).toElement()),
            Map.entry(key("query", MucOwner.NAMESPACE), e -> MucOwner.from(e).toElement()),
            Map.entry(key("x", DataForm.NAMESPACE), e -> DataForm.from(e).toElement()),
            Map.entry(key("query", DiscoInfo.NAMESPACE), e -> DiscoInfo.from(e).toElement()),
            Map.entry(key("query", DiscoItems.NAMESPACE), e -> DiscoItems.from(e).toElement()),
            Map.entry(key("delay", Delay.NAMESPACE), e -> Delay.from(e).toElement()),
            Map.entry(key("stanza-id", StanzaId.NAMESPACE), e -> StanzaId.from(e).toElement()),
            Map.entry(key("origin-id", OriginId.NAMESPACE), e -> OriginId.from(e).toElement()),
            Map.entry(key("set", ResultSet.NAMESPACE), e -> ResultSet.from(e).toElement()),
            Map.entry(key("error", "jabber:client"), e -> StanzaError.fromElement(e).toElement("jabber:client")));

    static String key(String name, String ns) {
        return name + " " + ns;
    }

    static UnaryOperator<Element> modelFor(Element e) {
        return MODELS.get(key(e.name(), e.namespace()));
    }

    /**
     * The element with insignificant differences removed: whitespace-only text dropped, other text
     * trimmed, child elements sorted (the modelled schemas do not give sibling order a meaning).
     */
    static Element normalize(Element e) {
        List<Node> kids = e.children().stream()
                .filter(n -> !(n instanceof Text t) || !isPlaceholder(t.value()))
                .map(n -> n instanceof Element c ? normalize(c) : new Text(((Text) n).value().trim()))
                .sorted(Comparator.comparing(ModelRoundTrip::sortKey))
                .map(n -> (Node) n)
                .toList();
        Element.Builder b = Element.builder(e.name(), e.namespace());
        e.attributes().stream()
                .sorted(Comparator.comparing((Attribute a) -> a.namespace()).thenComparing(Attribute::name))
                .forEach(a -> b.attribute(a.namespace(), a.name(), a.value()));
        return b.addAll(kids).build();
    }

    /** Whitespace, or the "...", "[...]" and vertical dots with which the XEPs elide content. */
    private static boolean isPlaceholder(String text) {
        return text.replaceAll("[.\\[\\]\u2026\\s]", "").isEmpty();
    }

    private static String sortKey(Node n) {
        return n instanceof Text t ? "0" + t.value() : "1" + new String(XmlWriter.toBytes((Element) n), StandardCharsets.UTF_8);
    }
}
