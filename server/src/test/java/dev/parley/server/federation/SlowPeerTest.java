package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.s2s.Dialback;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A remote server that accepts our stream, lets us authenticate, and then never reads (RFC 6120 §13.12): past
 * parley.s2s.max-outbound-queued-bytes what is sent to it bounces with remote-server-timeout instead of piling up
 * in memory, and after slow-peer-grace the stream is closed with policy-violation.
 */
class SlowPeerTest {
    @Test
    void aPeerThatNeverReadsGetsItsStanzasBouncedAndItsStreamClosed() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            peer.setReceiveBufferSize(4096); // small, so that the backlog builds in Parley, where the limit is
            Map<String, Object> s = new HashMap<>();
            s.put("parley.s2s.port", PeerFixture.freePort());
            s.put("parley.s2s.require-tls", false);
            s.put("parley.s2s.routes.\"slow.localhost\"", "127.0.0.1:" + peer.getLocalPort());
            s.put("parley.s2s.max-outbound-queued-bytes", "64 KiB");
            s.put("parley.s2s.slow-peer-grace", "1s");
            s.put("parley.c2s.max-inbound-bytes-per-second", "64 MiB"); // the sender is not the one being slowed
            try (NodeFixture node = new NodeFixture(s)) {
                node.addUser("alice", "alice-pass");
                XMPPTCPConnection alice = node.login("alice", "alice-pass", "laptop");
                BlockingQueue<Message> bounces = new ArrayBlockingQueue<>(10_000);
                alice.addAsyncStanzaListener(m -> bounces.add((Message) m), m -> m instanceof Message msg && msg.getType() == Message.Type.error);

                alice.sendStanza(chat(alice, "first"));
                Socket stream;
                // the peer: its header, dialback accepted, then not another byte read
                stream = peer.accept();
                stream.setReceiveBufferSize(4096);
                RawClient parley = new RawClient(stream, "jabber:server");
                assertThat(parley.next()).isNotNull();
                parley.send(IncomingStreamErrorsTest.SERVER_HEADER + " from='slow.localhost' to='localhost' id='slow-1'>"
                        + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
                Element result;
                do {
                    result = parley.nextElement();
                } while (!result.is("result", Dialback.NAMESPACE));
                parley.send("<db:result from='slow.localhost' to='localhost' type='valid'/>");

                String body = "x".repeat(32 * 1024);
                StanzaError bounced = null;
                for (int i = 0; i < 2_000 && bounced == null; i++) { // at most 64 MB: far more than any socket buffers
                    alice.sendStanza(chat(alice, body));
                    Message m = bounces.poll();
                    if (m != null) bounced = m.getError();
                    if (i % 50 == 49) Thread.sleep(20);
                }
                if (bounced == null) {
                    Message m = bounces.poll(10, TimeUnit.SECONDS);
                    bounced = m == null ? null : m.getError();
                }
                assertThat(bounced).as("a stanza bounced").isNotNull();
                assertThat(bounced.getCondition()).isEqualTo(StanzaError.Condition.remote_server_timeout);
                assertThat(node.node.federation().bounced.sum()).isPositive();

                // The first bounce can come from bytes the event loop had not flushed yet (a busy machine): the kernel
                // may still take them, and a grace that ends with the backlog under the limit closes nothing (this
                // test once waited for a close that never came). So Alice goes on writing, bounded, until the node
                // closes the stream: the peer reads nothing, the backlog stays over the limit, and a grace ends
                // with it behind.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (node.node.federation().slowPeersClosed.sum() == 0 && System.nanoTime() < until) {
                    alice.sendStanza(chat(alice, body));
                    Thread.sleep(20);
                }
                assertThat(node.node.federation().slowPeersClosed.sum()).as("the stream closed for not reading").isEqualTo(1);
                // the peer reads at once (the node closes the socket 2 s after the stream whatever happens): what it
                // finally reads ends with policy-violation
                String tail = readToEnd(stream.getInputStream());
                assertThat(tail).contains("policy-violation");
                stream.close();
                alice.disconnect();
            }
        }
    }

    private static Message chat(XMPPTCPConnection c, String body) throws Exception {
        return c.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@slow.localhost/x")).ofType(Message.Type.chat)
                .setBody(body).build();
    }

    /** Everything left in the socket until the other side closes it (the last 4 KB of it). */
    private static String readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream last = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] tail = new byte[0];
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException again) {
                continue;
            } catch (java.net.SocketException reset) {
                break;
            }
            if (n < 0) break;
            byte[] joined = new byte[Math.min(4096, tail.length + n)];
            int fromTail = joined.length - Math.min(n, joined.length);
            System.arraycopy(tail, tail.length - fromTail, joined, 0, fromTail);
            System.arraycopy(buf, n - (joined.length - fromTail), joined, fromTail, joined.length - fromTail);
            tail = joined;
        }
        last.write(tail);
        return last.toString(StandardCharsets.UTF_8);
    }
}
