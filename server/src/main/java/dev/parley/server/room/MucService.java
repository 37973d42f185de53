package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.ServerSettings;
import java.util.List;

/** What the MUC service itself (its domain, no room) answers: XEP-0045 §6.1 discovery, and ping. */
public final class MucService {
    private MucService() {}

    public static Iq answer(Iq iq, ServerSettings settings) {
        Element q = iq.payload();
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoInfo.NAMESPACE) && q.attribute("node") == null) {
            return iq.result(new DiscoInfo(null, List.of(DiscoInfo.Identity.of("conference", "text", "Chatrooms")),
                    List.of(MucJoin.NAMESPACE, DiscoInfo.NAMESPACE, DiscoItems.NAMESPACE, "urn:xmpp:ping"), List.of()).toElement());
        }
        if (iq.type() == Iq.Type.GET && q.is("ping", "urn:xmpp:ping")) return iq.result(null);
        return iq.errorReply(StanzaError.of(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED));
    }
}
