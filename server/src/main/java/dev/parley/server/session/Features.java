package dev.parley.server.session;

import dev.parley.protocol.xml.Element;
import java.util.List;

/** The {@code <stream:features/>} a session offers at each stage (RFC 6120 §4.3.2). */
final class Features {
    private Features() {}

    /** Before authentication: STARTTLS (required when TLS is), SASL mechanisms once allowed, registration. */
    static Element preAuth(boolean offerStartTls, boolean tlsRequired, List<String> mechanisms, boolean offerRegistration) {
        Element.Builder f = Element.builder("features", Xmpp.STREAMS);
        if (offerStartTls) {
            Element.Builder tls = Element.builder("starttls", Xmpp.TLS);
            if (tlsRequired) tls.add(Element.of("required", Xmpp.TLS));
            f.add(tls.build());
        }
        if (!mechanisms.isEmpty()) {
            Element.Builder m = Element.builder("mechanisms", Xmpp.SASL);
            for (String name : mechanisms) m.add(Element.builder("mechanism", Xmpp.SASL).text(name).build());
            f.add(m.build());
        }
        if (offerRegistration) f.add(Element.of("register", Xmpp.REGISTER_FEATURE));
        return f.build();
    }

    /** After SASL: resource binding, the (optional, RFC 3921) session, stream management, and the server's capabilities (XEP-0115 §6.3). */
    static Element postAuth() {
        return Element.builder("features", Xmpp.STREAMS)
                .add(Element.of("bind", Xmpp.BIND))
                .add(Element.builder("session", Xmpp.SESSION).add(Element.of("optional", Xmpp.SESSION)).build())
                .add(Element.of("sm", Xmpp.SM))
                .add(dev.parley.protocol.disco.EntityCaps.element(ServerIq.CAPS_NODE, ServerIq.CAPS_VER)) // XEP-0115 §6.3
                .build();
    }
}
