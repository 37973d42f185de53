package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XEP-0421 occupant identifiers: on every presence and message from an occupant, stable, the room's own. */
class OccupantIdTest {
    static final String NS = "urn:xmpp:occupant-id:0";
    static final String ROOM = "coven@conference.localhost";

    static Element next(RawClient c, String name) throws Exception {
        return c.nextNamed(name);
    }

    static String idOf(Element stanza) {
        Element id = stanza.child("occupant-id", NS);
        assertThat(id).as("occupant-id on %s", stanza).isNotNull();
        assertThat(stanza.children("occupant-id", NS)).hasSize(1);
        return id.attribute("id");
    }

    @Test
    void everyStanzaFromAnOccupantCarriesItsStableId() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
                RawClient crone = new RawClient(node.node.c2sPort()); RawClient hag = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(crone);
            StreamHardeningTest.anonymousLogin(hag);
            crone.send("<presence to='" + ROOM + "/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            String croneId = idOf(next(crone, "presence"));
            crone.send("<iq type='set' id='c' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
            crone.send("<iq type='get' id='d' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            Element info = crone.answerTo("d");
            assertThat(info.toString()).contains("var='" + NS + "'"); // §2

            hag.send("<presence to='" + ROOM + "/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(idOf(next(hag, "presence"))).as("crone's presence as hag sees it").isEqualTo(croneId);
            String hagId = idOf(next(hag, "presence"));
            assertThat(hagId).isNotEqualTo(croneId).hasSizeLessThanOrEqualTo(128);

            // a forged id is replaced by the room's (§4)
            hag.send("<message type='groupchat' to='" + ROOM + "'><body>hail</body><occupant-id xmlns='" + NS + "' id='" + croneId + "'/></message>");
            Element atCrone;
            do {
                atCrone = next(crone, "message");
            } while (atCrone.childText("body", "jabber:client") == null);
            assertThat(idOf(atCrone)).isEqualTo(hagId);

            // leaving and coming back: the same id (§4.1, stable)
            hag.send("<presence type='unavailable' to='" + ROOM + "/thirdwitch'/>");
            assertThat(idOf(next(hag, "presence"))).isEqualTo(hagId);
            hag.send("<presence to='" + ROOM + "/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            next(hag, "presence"); // crone's
            assertThat(idOf(next(hag, "presence"))).isEqualTo(hagId);
        }
    }
}
