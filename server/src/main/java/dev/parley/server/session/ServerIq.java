package dev.parley.server.session;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.ServerSettings;
import java.util.List;

/**
 * The IQs the server answers itself: to its domain (XEP-0030 disco listing the MUC service, XEP-0199
 * ping, XEP-0092 version), and to the user's own account (an empty roster, RFC 6121 §2, so ordinary
 * clients log in; ping). Anything else gets {@code service-unavailable} (RFC 6120 §8.4, RFC 6121 §8.5).
 */
final class ServerIq {
    static final String VERSION_NAME = "Parley";
    static final String VERSION_NUMBER = ServerIq.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT" : ServerIq.class.getPackage().getImplementationVersion();

    private ServerIq() {}

    /** What the server's domain is (XEP-0030), the same for every session. */
    static final DiscoInfo DOMAIN_INFO = new DiscoInfo(null, List.of(DiscoInfo.Identity.of("server", "im", VERSION_NAME)),
            List.of(DiscoInfo.NAMESPACE, DiscoItems.NAMESPACE, Xmpp.PING, Xmpp.VERSION, Xmpp.REGISTER, Xmpp.SM, PrivateStorage.NAMESPACE,
                    dev.parley.protocol.disco.EntityCaps.NAMESPACE),
            List.of());
    /** XEP-0115: the software's node, and the verification string of the domain's disco#info. */
    static final String CAPS_NODE = "https://parley.dev";
    static final String CAPS_VER = dev.parley.protocol.disco.EntityCaps.ver(DOMAIN_INFO);
    static final String CAPS_NODE_VER = CAPS_NODE + "#" + CAPS_VER;

    /** The reply to an IQ request addressed to the server's domain, or null when not one we answer here. */
    static Iq toDomain(Iq iq, ServerSettings settings) {
        Element q = iq.payload();
        Iq.Type type = iq.type();
        if (type == Iq.Type.GET && q.is("query", DiscoInfo.NAMESPACE) && (q.attribute("node") == null || CAPS_NODE_VER.equals(q.attribute("node")))) {
            // XEP-0115 §6.2: the same answer to the node#ver the stream features name
            DiscoInfo info = DOMAIN_INFO;
            return iq.result(new DiscoInfo(q.attribute("node"), info.identities(), info.features(), info.extensions()).toElement());
        }
        if (type == Iq.Type.GET && q.is("query", DiscoItems.NAMESPACE) && q.attribute("node") == null) {
            return iq.result(new DiscoItems(null, List.of(new DiscoItems.Item(settings.mucService(), null, "Chatrooms")), null).toElement());
        }
        if (type == Iq.Type.GET && q.is("ping", Xmpp.PING)) return iq.result(null);
        if (type == Iq.Type.GET && q.is("query", Xmpp.VERSION)) {
            return iq.result(Element.builder("query", Xmpp.VERSION).textChild("name", VERSION_NAME).textChild("version", VERSION_NUMBER).build());
        }
        if (q.is("query", Xmpp.REGISTER)) return null; // in-band registration: handled by the session
        if (q.namespace().equals(DiscoInfo.NAMESPACE) || q.namespace().equals(DiscoItems.NAMESPACE)) {
            return iq.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND)); // a node we do not have
        }
        return iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
    }

    /** The reply to an IQ request a user sends to their own bare JID (or without 'to'). */
    static Iq toOwnAccount(Iq iq) {
        Element q = iq.payload();
        if (q.is("query", Xmpp.ROSTER)) {
            if (iq.type() == Iq.Type.GET) return iq.result(Element.of("query", Xmpp.ROSTER)); // no contacts are kept
            return iq.errorReply(StanzaError.of(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "this server keeps no rosters"));
        }
        if (iq.type() == Iq.Type.GET && q.is("ping", Xmpp.PING)) return iq.result(null);
        return iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
    }
}
