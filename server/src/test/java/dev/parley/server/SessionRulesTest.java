package dev.parley.server;

import static dev.parley.server.StreamHardeningTest.SASL;
import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static dev.parley.server.StreamHardeningTest.awaitStreamError;
import static dev.parley.server.StreamHardeningTest.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session rules over real sockets, on a loopback node that allows plaintext and ANONYMOUS (the load-test set-up). */
class SessionRulesTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of(
                "parley.c2s.allow-plaintext-on-loopback", true,
                "parley.c2s.allow-anonymous", true,
                "parley.c2s.ping-interval", "2s",
                "parley.c2s.ping-timeout", "2s",
                "parley.c2s.max-connections", 20,
                "parley.c2s.stream-management.resumption-window", "1s"));
        fixture.addUser("romeo", "r0meo-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void repeatedAuthenticationFailuresEndInPolicyViolation_RFC6120_6_4_5() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            for (int i = 1; i <= 3; i++) {
                c.send("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-1'>" + b64("n,,n=romeo,r=abcdef") + "</auth>");
                Element challenge = c.nextElement();
                assertThat(challenge.name()).isEqualTo("challenge");
                String serverFirst = StreamHardeningTest.unb64(challenge.text());
                String nonce = serverFirst.split(",")[0].substring(2);
                c.send("<response xmlns='" + SASL + "'>" + b64("c=biws,r=" + nonce + ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAA=") + "</response>");
                Element failure = c.nextElement();
                assertThat(failure.child("not-authorized", SASL)).isNotNull();
            }
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("policy-violation");
        }
    }

    @Test
    void idleClientsArePingedAndDeadOnesClosed_XEP0199() throws Exception {
        try (RawClient alive = new RawClient(fixture.node.c2sPort()); RawClient dead = new RawClient(fixture.node.c2sPort())) {
            String aliveJid = anonymousLogin(alive);
            anonymousLogin(dead);
            // the live client answers the server's ping...
            Element ping = alive.nextElement();
            assertThat(ping.child("ping", "urn:xmpp:ping")).isNotNull();
            assertThat(ping.attribute("to")).isEqualTo(aliveJid);
            alive.send("<iq type='result' id='" + ping.attribute("id") + "' to='localhost'/>");
            // ...the dead one does not, and is closed with connection-timeout
            Element deadPing = dead.nextElement();
            assertThat(deadPing.child("ping", "urn:xmpp:ping")).isNotNull();
            assertThat(awaitStreamError(dead).error().condition().elementName()).isEqualTo("connection-timeout");
            // the live one is still served
            alive.send("<iq type='get' id='v' to='localhost'><query xmlns='jabber:iq:version'/></iq>");
            Element answer;
            do {
                answer = alive.nextElement();
                if (answer.child("ping", "urn:xmpp:ping") != null) alive.send("<iq type='result' id='" + answer.attribute("id") + "' to='localhost'/>");
            } while (!"v".equals(answer.attribute("id")));
            assertThat(answer.child("query", "jabber:iq:version").childText("name", "jabber:iq:version")).isEqualTo("Parley");
        }
    }

    @Test
    void unacknowledgedStanzasAreBouncedWhenTheSessionEnds_XEP0198_4() throws Exception {
        try (RawClient sender = new RawClient(fixture.node.c2sPort()); RawClient phone = new RawClient(fixture.node.c2sPort())) {
            String senderJid = anonymousLogin(sender);
            String phoneJid = anonymousLogin(phone);
            phone.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            assertThat(phone.nextElement().name()).isEqualTo("enabled");
            phone.close(); // cut, never to come back: the 1 s resumption window passes
            sender.send("<message to='" + phoneJid + "' type='chat' id='lost1'><body>are you there?</body></message>");
            Element bounced;
            do {
                bounced = sender.nextElement();
            } while (bounced.child("ping", "urn:xmpp:ping") != null);
            assertThat(bounced.attribute("type")).isEqualTo("error");
            assertThat(bounced.attribute("id")).isEqualTo("lost1");
            assertThat(bounced.attribute("to")).isEqualTo(senderJid);
            assertThat(bounced.child("error", "jabber:client").child("recipient-unavailable", "urn:ietf:params:xml:ns:xmpp-stanzas")).isNotNull();
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedWithResourceConstraint() throws Exception {
        java.util.List<RawClient> open = new java.util.ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.node.openConnections() == 0);
            for (int i = 0; i < 20; i++) open.add(new RawClient(fixture.node.c2sPort()));
            // a socket is connected once the kernel accepted it, before the node counts it: wait for the count
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.node.openConnections() == 20);
            try (RawClient one = new RawClient(fixture.node.c2sPort())) {
                assertThat(one.next()).isInstanceOf(StreamEvent.Opened.class);
                assertThat(awaitStreamError(one).error().condition().elementName()).isEqualTo("resource-constraint");
            }
        } finally {
            for (RawClient c : open) c.close();
        }
    }
}
