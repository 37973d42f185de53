package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import dev.parley.server.cluster.ClusterFixture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A Parley cluster federating as one domain: each node opens its own streams and accepts streams on its own port,
 * and a remote server may ask any node to verify a dialback key another node made (XEP-0220 §2.1.2) — which holds
 * because every node makes its keys from the same parley.s2s.dialback-secret. Forced here: bob's node opens the
 * stream, and the remote server reaches b.localhost at the other node.
 */
class ServerToServerClusterTest {
    @Test
    void aKeyOneNodeMadeIsVerifiedByAnotherAndUsersOfBothSidesTalk() throws Exception {
        int[] clusterS2s = {PeerFixture.freePort(), PeerFixture.freePort()};
        int remoteS2s = PeerFixture.freePort();
        try (ClusterFixture b = new ClusterFixture(2, i -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("parley.domain", "b.localhost");
                    m.put("parley.s2s.port", clusterS2s[i]);
                    m.put("parley.s2s.dialback-secret", "one secret for the whole cluster");
                    m.put("parley.s2s.routes", "a.localhost=127.0.0.1:" + remoteS2s);
                    return m;
                });
                NodeFixture a = new NodeFixture(RemoteOccupantTest.settings("a.localhost", remoteS2s, "b.localhost", clusterS2s[1]))) {
            NodeFixture first = b.nodes.get(0);
            first.addUser("bob", "bob-pass");
            a.addUser("alice", "alice-pass");
            XMPPTCPConnection bob = first.login("bob", "bob-pass", "phone"); // on node 0
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            BlockingQueue<Message> toAlice = chats(alice);
            BlockingQueue<Message> toBob = chats(bob);

            // node 0 opens b.localhost -> a.localhost; a.localhost checks its key with b.localhost, which it reaches at node 1
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("alice@a.localhost/laptop"))
                    .ofType(Message.Type.chat).setBody("from node 0").build());
            assertThat(ComponentTest.poll(toAlice).getBody()).isEqualTo("from node 0");
            assertThat(first.node.federation().outgoingDialback.sum()).isEqualTo(1);

            // and back: a.localhost's stream lands on node 1, whose stanza reaches bob's session on node 0
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@b.localhost/phone"))
                    .ofType(Message.Type.chat).setBody("to node 0 through node 1").build());
            assertThat(ComponentTest.poll(toBob).getBody()).isEqualTo("to node 0 through node 1");
            assertThat(b.nodes.get(1).node.federation().incomingDialback.sum()).isEqualTo(1);
            alice.disconnect();
            bob.disconnect();
        }
    }

    private static BlockingQueue<Message> chats(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new ArrayBlockingQueue<>(8);
        c.addAsyncStanzaListener(m -> q.add((Message) m), m -> m instanceof Message msg && msg.getType() == Message.Type.chat && msg.getBody() != null);
        return q;
    }
}
