package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.s2s.Dialback;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a peer server that breaks the rules gets on a stream it opens to Parley, over a raw socket: each stream
 * error RFC 6120 names for it, and nothing routed. The peer is "peer.localhost", whose Authoritative Server (for
 * dialback, XEP-0220) is played by this test on a socket of its own.
 */
class IncomingStreamErrorsTest {
    static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns:db='jabber:server:dialback' version='1.0'";

    private ServerSocket authoritative;
    private NodeFixture node;

    @BeforeEach
    void start() throws Exception {
        authoritative = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
        Map<String, Object> s = new HashMap<>();
        s.put("parley.s2s.port", PeerFixture.freePort());
        s.put("parley.s2s.require-tls", false); // TLS is checked by its own test below
        s.put("parley.s2s.routes.\"peer.localhost\"", "127.0.0.1:" + authoritative.getLocalPort());
        node = new NodeFixture(s);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        authoritative.close();
    }

    private RawClient connect() throws Exception {
        return new RawClient(new Socket("127.0.0.1", node.node.s2sPort()), "jabber:server");
    }

    private static String condition(RawClient c) throws Exception {
        while (true) {
            Element e = c.nextElement();
            if (e.is("error", "http://etherx.jabber.org/streams")) return StreamError.fromElement(e).condition().elementName();
        }
    }

    /**
     * §4.9.3.4: a connection that never authenticates (here: never even opens its stream) is closed once it has
     * been silent for connect-timeout, not kept for the ten minutes of idle-timeout; our header comes first (§4.9.1.2).
     */
    @Test
    void aConnectionThatNeverAuthenticatesGetsConnectionTimeout_4_9_3_4() throws Exception {
        Map<String, Object> s = new HashMap<>();
        s.put("parley.s2s.port", PeerFixture.freePort());
        s.put("parley.s2s.require-tls", false);
        s.put("parley.s2s.connect-timeout", "400ms");
        try (NodeFixture strict = new NodeFixture(s);
                RawClient silent = new RawClient(new Socket("127.0.0.1", strict.node.s2sPort()), "jabber:server");
                RawClient opened = new RawClient(new Socket("127.0.0.1", strict.node.s2sPort()), "jabber:server")) {
            opened.send(SERVER_HEADER + " from='peer.localhost' to='localhost'>");
            assertThat(opened.next()).isInstanceOf(dev.parley.protocol.stream.StreamEvent.Opened.class);
            assertThat(condition(opened)).isEqualTo("connection-timeout");
            assertThat(opened.closedByServer()).isTrue();
            assertThat(silent.next()).isInstanceOf(dev.parley.protocol.stream.StreamEvent.Opened.class);
            assertThat(condition(silent)).isEqualTo("connection-timeout");
            assertThat(silent.closedByServer()).isTrue();
        }
    }

    @Test
    void aStreamToADomainNotServedHereGetsHostUnknown_4_9_3_6() throws Exception {
        try (RawClient c = connect()) {
            c.send(SERVER_HEADER + " from='peer.localhost' to='elsewhere.example'>");
            assertThat(condition(c)).isEqualTo("host-unknown");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** RFC 6120 §4.9.1.2: an error before the peer's header was read still comes after a header of ours. */
    @Test
    void badXmlBeforeTheHeaderGetsOurHeaderThenTheError_4_9_1_2() throws Exception {
        try (RawClient c = connect()) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            var first = c.next();
            assertThat(first).isInstanceOf(dev.parley.protocol.stream.StreamEvent.Opened.class);
            assertThat(condition(c)).isEqualTo("invalid-namespace"); // a client stream on the server-to-server port
        }
    }

    @Test
    void aStanzaBeforeAuthenticationGetsNotAuthorized() throws Exception {
        try (RawClient c = connect()) {
            c.send(SERVER_HEADER + " from='peer.localhost' to='localhost'>");
            Element features = c.nextElement();
            assertThat(features.child("dialback", Dialback.FEATURE_NAMESPACE)).isNotNull();
            c.send("<message from='juliet@peer.localhost/a' to='romeo@localhost'><body>hi</body></message>");
            assertThat(condition(c)).isEqualTo("not-authorized");
        }
    }

    @Test
    void withTlsRequiredAnythingBeforeStartTlsGetsPolicyViolation_5_3_1() throws Exception {
        node.close();
        Map<String, Object> s = new HashMap<>();
        s.put("parley.s2s.port", PeerFixture.freePort());
        node = new NodeFixture(s); // require-tls on, the default
        try (RawClient c = connect()) {
            c.send(SERVER_HEADER + " from='peer.localhost' to='localhost'>");
            Element features = c.nextElement();
            Element starttls = features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls");
            assertThat(starttls).isNotNull();
            assertThat(starttls.child("required", "urn:ietf:params:xml:ns:xmpp-tls")).isNotNull();
            assertThat(features.child("dialback", Dialback.FEATURE_NAMESPACE)).as("nothing but TLS is offered before TLS").isNull();
            c.send("<db:result from='peer.localhost' to='localhost'>abc</db:result>");
            assertThat(condition(c)).isEqualTo("policy-violation");
        }
    }

    @Test
    void aWrongDialbackKeyIsRefusedAndEndsTheStream_XEP0220_2_4() throws Exception {
        CompletableFuture<Void> answered = playAuthoritativeServer(false);
        try (RawClient c = connect()) {
            c.send(SERVER_HEADER + " from='peer.localhost' to='localhost'>");
            c.nextElement(); // features
            c.send("<db:result from='peer.localhost' to='localhost'>not-the-key</db:result>");
            Element result = c.nextElement();
            assertThat(result.is("result", Dialback.NAMESPACE)).isTrue();
            assertThat(result.attribute("type")).isEqualTo("invalid");
            assertThat(condition(c)).isEqualTo("not-authorized");
            answered.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStanzaFromADomainNotAuthenticatedOnTheStreamGetsInvalidFrom_4_9_3_9() throws Exception {
        try (RawClient c = authenticated()) {
            c.send("<message from='mallory@other.localhost/x' to='romeo@localhost'><body>forged</body></message>");
            assertThat(condition(c)).isEqualTo("invalid-from");
        }
    }

    @Test
    void aStanzaWithoutFromOrToGetsImproperAddressing_4_9_3_7() throws Exception {
        try (RawClient c = authenticated()) {
            c.send("<message to='romeo@localhost'><body>who am I</body></message>");
            assertThat(condition(c)).isEqualTo("improper-addressing");
        }
        try (RawClient c = authenticated()) {
            c.send("<message from='juliet@peer.localhost/a'><body>to whom</body></message>");
            assertThat(condition(c)).isEqualTo("improper-addressing");
        }
    }

    @Test
    void aStanzaForADomainNotServedHereGetsHostUnknown_4_9_3_6() throws Exception {
        try (RawClient c = authenticated()) {
            c.send("<message from='juliet@peer.localhost/a' to='someone@elsewhere.example'><body>relay me</body></message>");
            assertThat(condition(c)).isEqualTo("host-unknown");
        }
    }

    @Test
    void aStanzaOverTheSizeLimitGetsPolicyViolation_13_12() throws Exception {
        try (RawClient c = authenticated()) {
            c.send("<message from='juliet@peer.localhost/a' to='romeo@localhost'><body>" + "x".repeat(300 * 1024) + "</body></message>");
            assertThat(condition(c)).isEqualTo("policy-violation");
        }
    }

    /** A stream from peer.localhost authenticated by dialback, its key confirmed by our Authoritative Server. */
    private RawClient authenticated() throws Exception {
        CompletableFuture<Void> answered = playAuthoritativeServer(true);
        RawClient c = connect();
        c.send(SERVER_HEADER + " from='peer.localhost' to='localhost'>");
        c.nextElement(); // features
        c.send("<db:result from='peer.localhost' to='localhost'>a-key-our-authoritative-server-vouches-for</db:result>");
        Element result = c.nextElement();
        assertThat(result.is("result", Dialback.NAMESPACE)).isTrue();
        assertThat(result.attribute("type")).isEqualTo("valid");
        assertThat(result.attribute("from")).isEqualTo("localhost");
        assertThat(result.attribute("to")).isEqualTo("peer.localhost");
        answered.get(10, TimeUnit.SECONDS);
        return c;
    }

    /**
     * The Authoritative Server of peer.localhost (XEP-0220 §2.2.2): accepts Parley's stream, answers its db:verify
     * with {@code valid}, checking that the question names the key and the stream it is about.
     */
    private CompletableFuture<Void> playAuthoritativeServer(boolean valid) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = authoritative.accept(); RawClient parley = new RawClient(s, "jabber:server")) {
                assertThat(parley.next()).isNotNull(); // Parley's header
                parley.send(SERVER_HEADER + " from='peer.localhost' to='localhost' id='auth-stream-1'>"
                        + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
                Element e;
                do {
                    e = parley.nextElement();
                } while (!e.is("verify", Dialback.NAMESPACE));
                assertThat(e.attribute("from")).isEqualTo("localhost");
                assertThat(e.attribute("to")).isEqualTo("peer.localhost");
                assertThat(e.attribute("id")).isNotBlank();
                assertThat(e.text()).isIn("a-key-our-authoritative-server-vouches-for", "not-the-key");
                parley.send("<db:verify from='peer.localhost' to='localhost' id='" + e.attribute("id") + "' type='" + (valid ? "valid" : "invalid") + "'/>");
                // the stream stays open while Parley uses it; closed when the test is over
                Thread.sleep(200);
            } catch (Exception ex) {
                throw new java.util.concurrent.CompletionException(ex);
            }
        });
    }
}
