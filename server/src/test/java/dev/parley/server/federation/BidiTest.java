package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0288: Parley asks for a bidirectional stream when the receiving server offers it, and takes the peer's
 * stanzas back on it — only from the peer's domain to ours (§2.2: the inverse of the authenticated pair). The
 * receiving server is played over raw sockets.
 */
class BidiTest {
    @Test
    void thePeerAnswersOnParleysOwnStreamAndMayNotForgeAnotherDomainThere_XEP0288_2_2() throws Exception {
        try (FakePeer far = new FakePeer("far.localhost")) {
            far.offerBidi = true;
            Map<String, Object> s = new HashMap<>();
            s.put("parley.domain", "b.localhost");
            s.put("parley.s2s.port", PeerFixture.freePort());
            s.put("parley.s2s.require-tls", false);
            s.put("parley.s2s.routes", "far.localhost=127.0.0.1:" + far.port());
            try (NodeFixture b = new NodeFixture(s)) {
                b.addUser("bob", "bob-pass");
                XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
                BlockingQueue<Message> toBob = new ArrayBlockingQueue<>(4);
                bob.addAsyncStanzaListener(m -> toBob.add((Message) m), m -> m instanceof Message msg && msg.getBody() != null);
                bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("carl@far.localhost/x"))
                        .ofType(Message.Type.chat).setBody("hello far").build());

                RawClient stream = far.awaitBidiStream();
                stream.send("<message from='carl@far.localhost/x' to='bob@b.localhost/phone' type='chat'><body>back on your stream</body></message>");
                Message back = toBob.poll(10, TimeUnit.SECONDS);
                assertThat(back).as("the answer").isNotNull();
                assertThat(back.getBody()).isEqualTo("back on your stream");
                assertThat(b.node.federation().bidiStreams.sum()).isEqualTo(1);
                assertThat(b.node.federation().bidiStanzasIn.sum()).isEqualTo(1);
                assertThat(b.node.federation().incomingDialback.sum()).as("the peer opened no stream of its own").isZero();

                // §2.2: only the inverse of the pair: another domain's stanza ends the stream with invalid-from
                stream.send("<message from='mallory@other.localhost/x' to='bob@b.localhost/phone' type='chat'><body>forged</body></message>");
                Element e;
                do {
                    e = far.received.poll(10, TimeUnit.SECONDS);
                    assertThat(e).as("a stream error").isNotNull();
                } while (!e.is("error", "http://etherx.jabber.org/streams"));
                assertThat(StreamError.fromElement(e).condition().elementName()).isEqualTo("invalid-from");
                assertThat(toBob.poll(500, TimeUnit.MILLISECONDS)).as("nothing forged delivered").isNull();
                bob.disconnect();
            }
        }
    }
}
