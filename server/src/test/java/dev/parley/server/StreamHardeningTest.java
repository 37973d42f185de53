package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the server does with clients that speak exactly as a test tells them to: real sockets, hostile input. */
public class StreamHardeningTest {
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";
    static NodeFixture fixture;
    static NodeFixture loadTestFixture;
    static SSLContext tls;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of("parley.c2s.max-stanza-bytes", 10000));
        fixture.addUser("romeo", "r0meo-pass");
        loadTestFixture = new NodeFixture(Map.of(
                "parley.c2s.allow-plaintext-on-loopback", true,
                "parley.c2s.allow-anonymous", true,
                "parley.c2s.max-outbound-queued-bytes", 65536,
                "parley.c2s.slow-reader-grace", "1s",
                "parley.c2s.max-inbound-bytes-per-second", 100_000_000,
                "parley.muc.occupant-message-rate", 0));
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {fixture.trustManager()}, new SecureRandom());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        loadTestFixture.close();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.UTF_8);
    }

    static StreamEvent.Failed awaitStreamError(RawClient c) throws Exception {
        Element e = c.nextElement();
        assertThat(e.name()).as("expected a stream error, got %s", e).isEqualTo("error");
        assertThat(c.closedByServer()).as("the server closes the connection after a stream error").isTrue();
        return new StreamEvent.Failed(dev.parley.protocol.stream.StreamError.fromElement(e));
    }

    @Test
    void scramSha256OverStartTls_RFC7677() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            Element features = c.open();
            assertThat(features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls").child("required", "urn:ietf:params:xml:ns:xmpp-tls")).isNotNull();
            assertThat(features.child("mechanisms", SASL)).as("no mechanisms before TLS").isNull();
            features = c.startTls(tls);
            assertThat(features.child("mechanisms", SASL).children("mechanism", SASL)).extracting(Element::text)
                    .containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");

            ScramMechanism m = ScramMechanism.SCRAM_SHA_256;
            String clientFirstBare = "n=romeo,r=" + ScramFunctions.nonce(24, new SecureRandom());
            c.send("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-256'>" + b64("n,," + clientFirstBare) + "</auth>");
            String serverFirst = unb64(c.nextElement().text());
            String nonce = serverFirst.split(",")[0].substring(2);
            byte[] salt = Base64.getDecoder().decode(serverFirst.split(",")[1].substring(2));
            int iterations = Integer.parseInt(serverFirst.split(",")[2].substring(2));
            byte[] salted = ScramFunctions.saltedPassword(m, StringPreparation.SASL_PREPARATION, "r0meo-pass".toCharArray(), salt, iterations);
            byte[] clientKey = ScramFunctions.clientKey(m, salted);
            String withoutProof = "c=biws,r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] proof = ScramFunctions.clientProof(clientKey, ScramFunctions.clientSignature(m, ScramFunctions.storedKey(m, clientKey), authMessage));
            c.send("<response xmlns='" + SASL + "'>" + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
            Element success = c.nextElement();
            assertThat(success.name()).isEqualTo("success");
            byte[] verifier = Base64.getDecoder().decode(unb64(success.text()).substring(2));
            assertThat(ScramFunctions.verifyServerSignature(m, ScramFunctions.serverKey(m, salted), authMessage, verifier))
                    .as("the server proves it knows the ServerKey").isTrue();

            features = c.restart();
            assertThat(features.child("bind", "urn:ietf:params:xml:ns:xmpp-bind")).isNotNull();
            c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>");
            assertThat(c.nextElement().child("bind", "urn:ietf:params:xml:ns:xmpp-bind").childText("jid", "urn:ietf:params:xml:ns:xmpp-bind"))
                    .isEqualTo("romeo@localhost/raw");
        }
    }

    @Test
    void plainWithoutTlsIsRefused_RFC6120_13_8() throws Exception {
        // TLS required: any authentication before STARTTLS is encryption-required
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + b64("\0romeo\0r0meo-pass") + "</auth>");
            Element failure = c.nextElement();
            assertThat(failure.name()).isEqualTo("failure");
            assertThat(failure.child("encryption-required", SASL)).isNotNull();
        }
        // plaintext allowed on loopback (load tests): PLAIN is still never offered nor accepted without TLS
        try (RawClient c = new RawClient(loadTestFixture.node.c2sPort())) {
            Element features = c.open();
            assertThat(features.child("mechanisms", SASL).children("mechanism", SASL)).extracting(Element::text).doesNotContain("PLAIN");
            c.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + b64("\0romeo\0r0meo-pass") + "</auth>");
            assertThat(c.nextElement().child("invalid-mechanism", SASL)).isNotNull();
        }
    }

    /**
     * STARTTLS is offered (RFC 6120 §5.3.1) to a plaintext-allowed loopback connection, unless the bench setting
     * turns it off there (cluster-config/bench-plain.conf); a connection that must use TLS is always offered it.
     */
    @Test
    void startTlsIsOfferedOnLoopbackUnlessABenchTurnsItOff() throws Exception {
        try (RawClient c = new RawClient(loadTestFixture.node.c2sPort())) {
            assertThat(c.open().child("starttls", "urn:ietf:params:xml:ns:xmpp-tls")).isNotNull();
        }
        try (NodeFixture bench = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true,
                "parley.c2s.offer-starttls-on-loopback", false));
                RawClient c = new RawClient(bench.node.c2sPort())) {
            Element features = c.open();
            assertThat(features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls")).isNull();
            assertThat(features.child("mechanisms", SASL)).isNotNull();
        }
        try (NodeFixture strict = new NodeFixture(Map.of("parley.c2s.offer-starttls-on-loopback", false));
                RawClient c = new RawClient(strict.node.c2sPort())) {
            Element tls = c.open().child("starttls", "urn:ietf:params:xml:ns:xmpp-tls");
            assertThat(tls).as("TLS is required here: offered whatever the setting").isNotNull();
            assertThat(tls.child("required", "urn:ietf:params:xml:ns:xmpp-tls")).isNotNull();
        }
    }

    @Test
    void malformedXmlGetsNotWellFormedAndTheConnectionCloses_4_9_3_13() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.send("<message><body>No closing tag!</message>");
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("not-well-formed");
        }
        // before any header: our header, then the error (RFC 6120 §4.9.1.2)
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong' version='1.0'>");
            assertThat(c.next()).isInstanceOf(StreamEvent.Opened.class);
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("invalid-namespace");
        }
    }

    @Test
    void oversizedStanzaIsAPolicyViolation_4_9_3_14() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.send("<message><body>" + "x".repeat(20_000) + "</body></message>");
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("policy-violation");
        }
    }

    /**
     * RFC 6120 §4.4: the side that closes a stream waits for the other to close its own, which "gives the other
     * party an opportunity to finish transmitting any outbound data". A client still writing an oversized stanza
     * when its stream error comes does not have the connection reset under it (TCP answers data sent to a closed
     * socket with RST, and the writer's next write or read fails): what it sends after the error is read and
     * dropped, our closing tag is followed by an orderly end of our side, and the client ends its own.
     */
    @Test
    void aClientStillWritingWhenItsStreamIsClosedIsNotReset_4_4() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            writeOnAfterTheStreamError(c);
        }
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.startTls(tls); // §4.4's security warning: close_notify before the end of our side
            writeOnAfterTheStreamError(c);
        }
    }

    private static void writeOnAfterTheStreamError(RawClient c) throws Exception {
        c.send("<message><body>" + "x".repeat(20_000)); // over the 10,000 bytes of this fixture, and not finished
        Element error = c.nextElement();
        assertThat(error.child("policy-violation", STREAMS)).isNotNull();
        for (int i = 0; i < 8; i++) c.send("x".repeat(16_384)); // threw "Broken pipe" when the socket was closed at once
        c.send("</body></message></stream:stream>");
        assertThat(c.next()).isInstanceOf(StreamEvent.Closed.class);
        assertThat(c.next()).as("the end of the server's side, not a reset").isNull();
    }

    @Test
    void wrongHostIsHostUnknown_4_9_3_6() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.send(RawClient.HEADER.replace("to='localhost'", "to='example.org'"));
            assertThat(c.next()).isInstanceOf(StreamEvent.Opened.class);
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("host-unknown");
        }
    }

    @Test
    void plaintextSentAfterStartTlsIsDiscarded() throws Exception {
        // STARTTLS command injection: whatever follows <starttls/> in the same plaintext segment is dropped
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><auth xmlns='" + SASL + "' mechanism='PLAIN'>"
                    + b64("\0romeo\0r0meo-pass") + "</auth>");
            assertThat(c.nextElement().name()).isEqualTo("proceed");
        }
    }

    /** Logs in anonymously over plaintext on loopback and binds; returns the full JID. */
    public static String anonymousLogin(RawClient c) throws Exception {
        c.open();
        c.send("<auth xmlns='" + SASL + "' mechanism='ANONYMOUS'/>");
        assertThat(c.nextElement().name()).isEqualTo("success");
        c.restart();
        c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        return c.nextElement().child("bind", "urn:ietf:params:xml:ns:xmpp-bind").childText("jid", "urn:ietf:params:xml:ns:xmpp-bind");
    }

    @Test
    void aSpoofedFromIsInvalidFrom_RFC6120_8_1_2_1() throws Exception {
        try (RawClient c = new RawClient(loadTestFixture.node.c2sPort())) {
            anonymousLogin(c);
            c.send("<message from='juliet@localhost/balcony' to='romeo@localhost'><body>it is I, Juliet</body></message>");
            assertThat(awaitStreamError(c).error().condition().elementName()).isEqualTo("invalid-from");
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedAndMemoryStaysBounded() throws Exception {
        try (RawClient slow = new RawClient(loadTestFixture.node.c2sPort()); RawClient flooder = new RawClient(loadTestFixture.node.c2sPort())) {
            String slowJid = anonymousLogin(slow);
            slow.send("<presence/>");
            anonymousLogin(flooder);
            int before = loadTestFixture.node.openConnections();
            // The slow client now reads nothing; the flooder sends it 20 MB. The node may only queue a bounded amount.
            String body = "x".repeat(2000);
            for (int i = 0; i < 10_000 && loadTestFixture.node.openConnections() == before; i++) {
                flooder.send("<message to='" + slowJid + "' type='chat'><body>" + body + "</body></message>");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> loadTestFixture.node.openConnections() == before - 1);
            // the flooder is untouched
            flooder.send("<iq type='get' id='p' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            Element pong;
            do {
                pong = flooder.nextElement();
            } while (!"p".equals(pong.attribute("id")));
            assertThat(pong.attribute("type")).isEqualTo("result");
        }
    }

    /**
     * Output queued by a room's fan-out counts as much as the session's own: an occupant that never reads while the
     * room talks is closed too. The check is made as the room's stanzas are written, not only at the session's tick,
     * which an idle session has a ping-interval away (NextTick).
     */
    @Test
    void anOccupantThatNeverReadsWhileTheRoomTalksIsDisconnected() throws Exception {
        String room = "talkative@conference.localhost";
        try (RawClient slow = new RawClient(loadTestFixture.node.c2sPort()); RawClient talker = new RawClient(loadTestFixture.node.c2sPort())) {
            anonymousLogin(talker);
            anonymousLogin(slow);
            RawMuc.createInstantRoom(talker, room, "talker");
            RawMuc.enter(slow, room, "slow");
            Thread.sleep(7_000); // past the sessions' first tick (5 s after they began): from then on slow's is idle
            int before = loadTestFixture.node.openConnections();
            // slow reads nothing from here on; the talker reads what comes back to it (its reflections), in a thread
            Thread reader = new Thread(() -> {
                try {
                    while (true) talker.next();
                } catch (Exception closed) {
                    // the test is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            String body = "x".repeat(2000);
            for (int i = 0; i < 10_000 && loadTestFixture.node.openConnections() == before; i++) {
                talker.send("<message to='" + room + "' type='groupchat'><body>" + body + "</body></message>");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> loadTestFixture.node.openConnections() == before - 1);
        }
    }

    /**
     * XEP-0198 §4: the server asks for acknowledgements of what it sent. A session with nothing to do has its next
     * tick a ping-interval (60 s here) away; a stanza it is sent brings the tick back within ping-interval / 4 (5 s),
     * and with it the request.
     */
    @Test
    void anIdleSessionSentAStanzaAsksForItsAcknowledgementWithinATick_XEP0198_4() throws Exception {
        try (RawClient phone = new RawClient(loadTestFixture.node.c2sPort()); RawClient sender = new RawClient(loadTestFixture.node.c2sPort())) {
            String phoneJid = anonymousLogin(phone);
            phone.send("<enable xmlns='urn:xmpp:sm:3'/>");
            assertThat(phone.nextElement().name()).isEqualTo("enabled");
            anonymousLogin(sender);
            Thread.sleep(7_000); // past the session's first tick (5 s after it began): from then on it is idle
            long sent = System.nanoTime();
            sender.send("<message to='" + phoneJid + "' type='chat' id='m1'><body>one</body></message>");
            assertThat(phone.nextElement().attribute("id")).isEqualTo("m1");
            // within a tick (5 s), not at the idle tick a minute on: waited for up to 30 s
            Element request = null;
            while (request == null) {
                try {
                    request = phone.nextElement();
                } catch (AssertionError quiet) { // RawClient: "the server said nothing for 5 s"
                    if (System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(30)) throw quiet;
                }
            }
            assertThat(request.name()).isEqualTo("r");
            assertThat(request.namespace()).isEqualTo("urn:xmpp:sm:3");
        }
    }
}
