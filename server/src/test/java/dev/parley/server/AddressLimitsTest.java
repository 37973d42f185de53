package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-address limits on the wire, loopback not exempt: in-band registrations (XEP-0077) and new
 * connections from one address past their bursts are refused, each with its error.
 */
class AddressLimitsTest {
    static NodeFixture fixture;
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.address-limits-exempt-loopback", false,
                "parley.registration.per-address", 2, "parley.registration.per-address-period", "1 hour",
                "parley.c2s.connections-per-address", 4, "parley.c2s.connections-per-address-period", "1 hour"));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static Element register(RawClient c, String id, String user) throws Exception {
        c.send("<iq type='set' id='" + id + "'><query xmlns='jabber:iq:register'><username>" + user + "</username><password>pw-" + user
                + "</password></query></iq>");
        return c.answerTo(id);
    }

    @Test
    void registrationsThenConnectionsFromOneAddressAreLimited() throws Exception {
        List<RawClient> open = new ArrayList<>();
        try {
            RawClient first = new RawClient(fixture.node.c2sPort());
            open.add(first);
            first.open();
            assertThat(register(first, "r1", "hecate").attribute("type")).isEqualTo("result");
            assertThat(register(first, "r2", "graymalkin").attribute("type")).isEqualTo("result");
            Element refused = register(first, "r3", "paddock");
            assertThat(refused.attribute("type")).isEqualTo("error");
            Element error = refused.child("error", "jabber:client");
            assertThat(error.attribute("type")).isEqualTo("wait");
            assertThat(error.child("resource-constraint", STANZAS)).isNotNull();
            assertThat(error.childText("text", STANZAS)).isEqualTo("Users are not allowed to register accounts so quickly");
            // asking for the form is not registering
            first.send("<iq type='get' id='form'><query xmlns='jabber:iq:register'/></iq>");
            assertThat(first.answerTo("form").attribute("type")).isEqualTo("result");

            // connections: four from this address in the hour (the one above counts), the fifth refused
            for (int i = 0; i < 3; i++) {
                RawClient c = new RawClient(fixture.node.c2sPort());
                open.add(c);
                assertThat(c.open().name()).isEqualTo("features");
            }
            RawClient fifth = new RawClient(fixture.node.c2sPort());
            open.add(fifth);
            StreamEvent header = fifth.next();
            assertThat(header).isInstanceOf(StreamEvent.Opened.class);
            Element streamError = fifth.nextElement();
            assertThat(streamError.name()).isEqualTo("error");
            assertThat(streamError.child("policy-violation", "urn:ietf:params:xml:ns:xmpp-streams")).as("RFC 6120 §4.9.3.14").isNotNull();
            assertThat(fifth.closedByServer()).isTrue();
            // those already open are not touched
            open.get(1).send("<iq type='get' id='still'><query xmlns='jabber:iq:register'/></iq>");
            assertThat(open.get(1).answerTo("still").attribute("type")).isEqualTo("result");
        } finally {
            for (RawClient c : open) c.close();
        }
    }
}
