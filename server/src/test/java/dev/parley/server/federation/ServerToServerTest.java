package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.util.HashMap;
import java.util.List;
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
            bobRoom.addMessageListener(m -> ComponentTest.bodied(toBob, m));

            MultiUserChat aliceRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid);
            BlockingQueue<Message> toAlice = new ArrayBlockingQueue<>(16);
            aliceRoom.addMessageListener(m -> ComponentTest.bodied(toAlice, m));
            aliceRoom.join(Resourcepart.from("alice"));
            assertThat(ComponentTest.awaitOccupant(bobRoom, "alice").getJid().toString()).isEqualTo("alice@a.localhost/laptop");

            aliceRoom.sendMessage("hello from a");
            assertThat(ComponentTest.poll(toBob).getBody()).isEqualTo("hello from a");
            assertThat(ComponentTest.poll(toAlice).getBody()).isEqualTo("hello from a");
            bobRoom.sendMessage("hello from b");
            assertThat(ComponentTest.poll(toAlice).getBody()).isEqualTo("hello from b");
            // one user to another across the servers, both ways (RFC 6121 §8.5.3.1 at the receiving server)
            BlockingQueue<Message> chatToBob = chats(bob);
            BlockingQueue<Message> chatToAlice = chats(alice);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@b.localhost/phone"))
                    .ofType(Message.Type.chat).setBody("direct").build());
            Message direct = ComponentTest.poll(chatToBob);
            assertThat(direct.getBody()).isEqualTo("direct");
            assertThat(direct.getFrom().toString()).isEqualTo("alice@a.localhost/laptop");
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(direct.getFrom()).ofType(Message.Type.chat).setBody("reply").build());
            assertThat(ComponentTest.poll(chatToAlice).getBody()).isEqualTo("reply");

            aliceRoom.leave();
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * XEP-0178: servers whose certificates a trusted authority issued for their domains authenticate with SASL
     * EXTERNAL, both ways, and dialback is not used at all.
     */
    @Test
    void serversWithTrustedCertificatesAuthenticateWithSaslExternal_XEP0178() throws Exception {
        TestCertificates pki = new TestCertificates(java.nio.file.Files.createTempDirectory("parley-pki"));
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        Map<String, Object> sa = settings("a.localhost", portA, "b.localhost", portB);
        Map<String, Object> sb = settings("b.localhost", portB, "a.localhost", portA);
        for (var e : Map.of("a.localhost", sa, "b.localhost", sb).entrySet()) {
            java.nio.file.Path[] pair = pki.server(e.getKey());
            e.getValue().put("parley.tls.certificate", pair[0].toString());
            e.getValue().put("parley.tls.private-key", pair[1].toString());
            e.getValue().put("parley.s2s.trusted-certificates", pki.caFile().toString());
        }
        try (NodeFixture a = new NodeFixture(sa); NodeFixture b = new NodeFixture(sb)) {
            a.addUser("alice", "alice-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
            BlockingQueue<Message> chatToBob = chats(bob);
            BlockingQueue<Message> chatToAlice = chats(alice);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@b.localhost/phone"))
                    .ofType(Message.Type.chat).setBody("signed").build());
            assertThat(ComponentTest.poll(chatToBob).getBody()).isEqualTo("signed");
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("alice@a.localhost/laptop"))
                    .ofType(Message.Type.chat).setBody("sealed").build());
            assertThat(ComponentTest.poll(chatToAlice).getBody()).isEqualTo("sealed");

            assertThat(a.node.federation().outgoingExternal.sum()).isEqualTo(1);
            assertThat(b.node.federation().incomingExternal.sum()).isEqualTo(1);
            assertThat(b.node.federation().outgoingExternal.sum()).isEqualTo(1);
            assertThat(a.node.federation().incomingExternal.sum()).isEqualTo(1);
            assertThat(a.node.federation().outgoingDialback.sum() + b.node.federation().outgoingDialback.sum()
                    + a.node.federation().incomingDialback.sum() + b.node.federation().incomingDialback.sum()).isZero();
            alice.disconnect();
            bob.disconnect();
        }
    }

    /** Self-signed certificates are not trusted: dialback, counted as such (the other tests' case). */
    @Test
    void selfSignedServersFallBackToDialback_XEP0220() throws Exception {
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        try (NodeFixture a = new NodeFixture(settings("a.localhost", portA, "b.localhost", portB));
                NodeFixture b = new NodeFixture(settings("b.localhost", portB, "a.localhost", portA))) {
            a.addUser("alice", "alice-pass");
            a.addUser("carol", "carol-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection carol = a.login("carol", "carol-pass", "desk");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
            BlockingQueue<Message> chatToBob = chats(bob);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@b.localhost/phone"))
                    .ofType(Message.Type.chat).setBody("hi").build());
            assertThat(ComponentTest.poll(chatToBob).getBody()).isEqualTo("hi");
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom("bob@b.localhost/phone"))
                    .ofType(Message.Type.chat).setBody("me too").build());
            assertThat(ComponentTest.poll(chatToBob).getBody()).isEqualTo("me too");
            // one stream from a.localhost to b.localhost, shared by every sender on the node
            assertThat(a.node.federation().outgoingDialback.sum()).isEqualTo(1);
            assertThat(b.node.federation().incomingDialback.sum()).isEqualTo(1);
            assertThat(a.node.federation().outgoingExternal.sum() + b.node.federation().incomingExternal.sum()).isZero();
            carol.disconnect();
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * Streams idle for parley.s2s.idle-timeout close, and open again for the next stanza; a remote occupant who says
     * nothing for longer than parley.s2s.remote-user-idle stays in the room (its stand-in is kept while it is in one).
     */
    @Test
    void idleStreamsCloseAndOpenAgainAndAQuietRemoteOccupantStays() throws Exception {
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        Map<String, Object> sa = settings("a.localhost", portA, "b.localhost", portB);
        Map<String, Object> sb = settings("b.localhost", portB, "a.localhost", portA);
        for (Map<String, Object> m : List.of(sa, sb)) {
            m.put("parley.s2s.idle-timeout", "300ms");
            m.put("parley.s2s.remote-user-idle", "300ms");
        }
        try (NodeFixture a = new NodeFixture(sa); NodeFixture b = new NodeFixture(sb)) {
            a.addUser("alice", "alice-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
            EntityBareJid roomJid = JidCreate.entityBareFrom("quiet@conference.b.localhost");
            MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(roomJid);
            bobRoom.create(Resourcepart.from("bob")).makeInstant();
            MultiUserChat aliceRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid);
            BlockingQueue<Message> toAlice = new ArrayBlockingQueue<>(16);
            aliceRoom.addMessageListener(m -> ComponentTest.bodied(toAlice, m));
            BlockingQueue<Message> toBob = new ArrayBlockingQueue<>(16);
            bobRoom.addMessageListener(m -> ComponentTest.bodied(toBob, m));
            aliceRoom.join(Resourcepart.from("alice"));
            ComponentTest.awaitOccupant(bobRoom, "alice");

            Thread.sleep(2000); // several idle periods: both streams close, alice's stand-in is checked
            assertThat(bobRoom.getOccupant(JidCreate.entityFullFrom(roomJid + "/alice"))).as("alice is still in").isNotNull();
            bobRoom.sendMessage("still there?");
            assertThat(ComponentTest.poll(toAlice).getBody()).isEqualTo("still there?");
            assertThat(ComponentTest.poll(toBob).getBody()).isEqualTo("still there?"); // his own reflection
            aliceRoom.sendMessage("yes");
            assertThat(ComponentTest.poll(toBob).getBody()).isEqualTo("yes");
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * RFC 6120 §8.3.3.15 and §10.4.3: a stanza for a domain whose server cannot be reached comes back to its sender
     * as remote-server-not-found, from that domain (here a route to a port nothing listens on).
     */
    @Test
    void aStanzaForAServerThatCannotBeReachedBouncesWithRemoteServerNotFound_8_3_3_15() throws Exception {
        Map<String, Object> s = settings("a.localhost", PeerFixture.freePort(), "nowhere.localhost", PeerFixture.freePort());
        try (NodeFixture a = new NodeFixture(s)) {
            a.addUser("alice", "alice-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            BlockingQueue<Message> back = new ArrayBlockingQueue<>(4);
            alice.addAsyncStanzaListener(m -> back.add((Message) m), m -> m instanceof Message msg && msg.getType() == Message.Type.error);
            Message lost = alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("someone@nowhere.localhost"))
                    .ofType(Message.Type.chat).setBody("anyone?").build();
            alice.sendStanza(lost);
            Message bounce = back.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(bounce).as("a bounce").isNotNull();
            assertThat(bounce.getStanzaId()).isEqualTo(lost.getStanzaId());
            assertThat(bounce.getFrom().toString()).isEqualTo("someone@nowhere.localhost");
            assertThat(bounce.getError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.remote_server_not_found);
            alice.disconnect();
        }
    }

    /**
     * RFC 6120 §8.3.3.16: a server that accepts the connection but never answers: what waits for it bounces with
     * remote-server-timeout after parley.s2s.connect-timeout.
     */
    @Test
    void aServerThatNeverAnswersBouncesWithRemoteServerTimeout_8_3_3_16() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Object> s = settings("a.localhost", PeerFixture.freePort(), "silent.localhost", silent.getLocalPort());
            s.put("parley.s2s.connect-timeout", "1s");
            try (NodeFixture a = new NodeFixture(s)) {
                a.addUser("alice", "alice-pass");
                XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
                BlockingQueue<Message> back = new ArrayBlockingQueue<>(4);
                alice.addAsyncStanzaListener(m -> back.add((Message) m), m -> m instanceof Message msg && msg.getType() == Message.Type.error);
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("someone@silent.localhost"))
                        .ofType(Message.Type.chat).setBody("hello?").build());
                Message bounce = back.poll(15, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(bounce).as("a bounce").isNotNull();
                assertThat(bounce.getError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.remote_server_timeout);
                alice.disconnect();
            }
        }
    }

    private static BlockingQueue<Message> chats(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new ArrayBlockingQueue<>(8);
        c.addAsyncStanzaListener(m -> q.add((Message) m), m -> m instanceof Message msg && msg.getType() == Message.Type.chat && msg.getBody() != null);
        return q;
    }

    private static Map<String, Object> settings(String domain, int port, String peer, int peerPort) {
        return RemoteOccupantTest.settings(domain, port, peer, peerPort);
    }
}
