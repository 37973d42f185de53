package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Two Parley servers of different domains federate over loopback (RFC 6120 server-to-server, STARTTLS required,
 * self-signed certificates, so dialback, XEP-0220): a user of one enters a room of the other and they talk.
 */
class ServerToServerTest {
    @Test
    void aUserOfOneServerTalksInARoomOfAnother_overDialback() throws Exception {
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        try (NodeFixture a = new NodeFixture(settings("a.localhost", portA, "b.localhost", portB));
                NodeFixture b = new NodeFixture(settings("b.localhost", portB, "a.localhost", portA))) {
            a.addUser("alice", "alice-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");

            EntityBareJid roomJid = JidCreate.entityBareFrom("lobby@conference.b.localhost");
            MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(roomJid);
            bobRoom.create(Resourcepart.from("bob")).makeInstant();
            BlockingQueue<Message> toBob = new ArrayBlockingQueue<>(16);
            bobRoom.addMessageListener(m -> ComponentWithProsodyTest.bodied(toBob, m));

            MultiUserChat aliceRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid);
            BlockingQueue<Message> toAlice = new ArrayBlockingQueue<>(16);
            aliceRoom.addMessageListener(m -> ComponentWithProsodyTest.bodied(toAlice, m));
            aliceRoom.join(Resourcepart.from("alice"));
            assertThat(ComponentWithProsodyTest.awaitOccupant(bobRoom, "alice").getJid().toString()).isEqualTo("alice@a.localhost/laptop");

            aliceRoom.sendMessage("hello from a");
            assertThat(ComponentWithProsodyTest.poll(toBob).getBody()).isEqualTo("hello from a");
            assertThat(ComponentWithProsodyTest.poll(toAlice).getBody()).isEqualTo("hello from a");
            bobRoom.sendMessage("hello from b");
            assertThat(ComponentWithProsodyTest.poll(toAlice).getBody()).isEqualTo("hello from b");
            aliceRoom.leave();
            alice.disconnect();
            bob.disconnect();
        }
    }

    private static Map<String, Object> settings(String domain, int port, String peer, int peerPort) {
        Map<String, Object> m = new HashMap<>();
        m.put("parley.domain", domain);
        m.put("parley.s2s.port", port);
        m.put("parley.s2s.routes.\"" + peer + "\"", "127.0.0.1:" + peerPort);
        m.put("parley.s2s.routes.\"conference." + peer + "\"", "127.0.0.1:" + peerPort);
        return m;
    }
}
