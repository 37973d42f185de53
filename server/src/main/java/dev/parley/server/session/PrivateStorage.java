package dev.parley.server.session;

import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.FrameParser;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import dev.parley.server.account.PrivateXmlStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Private XML storage (XEP-0049), which clients use for bookmarks (XEP-0048) among other things: a get
 * names a fragment by the qualified name of its root element and receives what is stored (or the empty
 * element it sent); a set stores each child of the query, replacing what was there.
 */
final class PrivateStorage {
    static final String NAMESPACE = "jabber:iq:private";

    private PrivateStorage() {}

    /** The reply to a private-storage IQ from {@code user} (null: an anonymous session) to its own account. Blocks on the database. */
    static Iq handle(Iq iq, String user, PrivateXmlStore store) {
        if (user == null) return iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE)); // no account to keep anything for
        List<Element> fragments = iq.payload().elements();
        if (fragments.isEmpty()) return iq.errorReply(StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, "name a namespaced element"));
        for (Element f : fragments) {
            String ns = f.namespace();
            // XEP-0049 §2: the fragment has a namespace of its own, not one of XMPP's
            if (ns.isEmpty() || ns.equals(NAMESPACE) || ns.equals("jabber:client") || ns.equals("jabber:server")) {
                return iq.errorReply(StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, "namespace " + ns + " cannot be stored"));
            }
        }
        if (iq.type() == Iq.Type.GET) {
            if (fragments.size() != 1) return iq.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "ask for one fragment"));
            Element asked = fragments.get(0);
            Optional<String> stored = store.get(user, asked.namespace(), asked.name());
            Element found = stored.map(PrivateStorage::parse).orElse(Element.of(asked.name(), asked.namespace()));
            return iq.result(Element.builder("query", NAMESPACE).add(found).build());
        }
        Map<PrivateXmlStore.Key, String> toStore = new LinkedHashMap<>();
        for (Element f : fragments) {
            String xml = f.toString();
            if (xml.length() > PrivateXmlStore.MAX_FRAGMENT_CHARS) {
                return iq.errorReply(StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, "fragment larger than "
                        + PrivateXmlStore.MAX_FRAGMENT_CHARS + " characters"));
            }
            toStore.put(new PrivateXmlStore.Key(f.namespace(), f.name()), xml);
        }
        store.put(user, toStore);
        return iq.result(null);
    }

    private static Element parse(String xml) {
        StreamEvent e = new FrameParser().parse(xml.getBytes(StandardCharsets.UTF_8));
        if (e instanceof StreamEvent.ElementReceived r) return r.element();
        throw new IllegalStateException("stored private XML does not parse: " + e);
    }
}
