package dev.parley.server.federation;

import static dev.parley.server.federation.ComponentTest.awaitOccupant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.NodeFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A user of another server is an occupant like any other (XEP-0045): invited (§7.8.2), renamed (§7.6), banned
 * (§9.1) and kept out after (§7.2.8), over server-to-server streams between two Parley servers.
 */
class RemoteOccupantTest {
    @Test
    void aRemoteUserIsInvitedChangesNicknameIsBannedAndStaysOut() throws Exception {
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        try (NodeFixture a = new NodeFixture(settings("a.localhost", portA, "b.localhost", portB));
                NodeFixture b = new NodeFixture(settings("b.localhost", portB, "a.localhost", portA))) {
            a.addUser("alice", "alice-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
            EntityBareJid roomJid = JidCreate.entityBareFrom("hall@conference.b.localhost");
            MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(roomJid);
            bobRoom.create(Resourcepart.from("bob")).makeInstant();

            // §7.8.2: a mediated invitation reaches the remote user from the room, naming the inviter
            BlockingQueue<MUCUser.Invite> invites = new ArrayBlockingQueue<>(4);
            MultiUserChatManager.getInstanceFor(alice).addInvitationListener((conn, room, inviter, reason, password, message, invite) -> invites.add(invite));
            bobRoom.invite(JidCreate.entityBareFrom("alice@a.localhost"), "come in");
            MUCUser.Invite invite = invites.poll(10, TimeUnit.SECONDS);
            assertThat(invite).as("the invitation").isNotNull();
            assertThat(invite.getFrom().toString()).isEqualTo("bob@b.localhost/phone");
            assertThat(invite.getReason()).isEqualTo("come in");

            MultiUserChat aliceRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid);
            aliceRoom.join(Resourcepart.from("alice"));
            awaitOccupant(bobRoom, "alice");

            // §7.6: the new nickname, and the old one gone, as everyone sees it
            aliceRoom.changeNickname(Resourcepart.from("ally"));
            awaitOccupant(bobRoom, "ally");
            var oldNick = JidCreate.entityFullFrom(roomJid + "/alice");
            await(() -> bobRoom.getOccupant(oldNick) == null, "the old nickname gone");
            assertThat(aliceRoom.getNickname().toString()).isEqualTo("ally");

            // §9.1: banned, she is told (301) and is out; §7.2.8: entering again is forbidden
            BlockingQueue<String> toldOut = new ArrayBlockingQueue<>(2);
            aliceRoom.addUserStatusListener(new UserStatusListener() {
                @Override
                public void banned(org.jxmpp.jid.Jid actor, String reason) {
                    toldOut.add(reason);
                }
            });
            bobRoom.banUser(JidCreate.entityBareFrom("alice@a.localhost"), "enough");
            assertThat(toldOut.poll(10, TimeUnit.SECONDS)).isEqualTo("enough");
            await(() -> !aliceRoom.isJoined(), "alice out of the room");
            MultiUserChat again = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid);
            assertThatThrownBy(() -> again.join(Resourcepart.from("alice")))
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
                            e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * RFC 6121 §4.6.3: a user whose session ends without leaving the room (the client just goes) is reported
     * unavailable by its server to the room on the other server, which then sees it leave like any occupant.
     */
    @Test
    void aRemoteUserWhoseSessionEndsLeavesTheRoom_RFC6121_4_6_3() throws Exception {
        int portA = PeerFixture.freePort();
        int portB = PeerFixture.freePort();
        Map<String, Object> sa = settings("a.localhost", portA, "b.localhost", portB);
        sa.put("parley.c2s.stream-management.resumption-window", "2s"); // Smack resumes: the session ends when this is up
        try (NodeFixture a = new NodeFixture(sa);
                NodeFixture b = new NodeFixture(settings("b.localhost", portB, "a.localhost", portA))) {
            a.addUser("alice", "alice-pass");
            b.addUser("bob", "bob-pass");
            XMPPTCPConnection alice = a.login("alice", "alice-pass", "laptop");
            XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
            EntityBareJid roomJid = JidCreate.entityBareFrom("door@conference.b.localhost");
            MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(roomJid);
            bobRoom.create(Resourcepart.from("bob")).makeInstant();
            BlockingQueue<org.jivesoftware.smack.packet.Presence> gone = new ArrayBlockingQueue<>(4);
            bobRoom.addParticipantListener(p -> {
                if (p.getType() == org.jivesoftware.smack.packet.Presence.Type.unavailable) gone.add(p);
            });
            MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(roomJid).join(Resourcepart.from("alice"));
            awaitOccupant(bobRoom, "alice");
            alice.instantShutdown(); // the socket closes: no unavailable presence from the client, and no resumption
            org.jivesoftware.smack.packet.Presence left = gone.poll(30, TimeUnit.SECONDS);
            assertThat(left).as("alice left").isNotNull();
            assertThat(left.getFrom().toString()).isEqualTo(roomJid + "/alice");
            assertThat(MUCUser.from(left).getStatus()).doesNotContain(MUCUser.Status.create(333)); // she left; no error
            bob.disconnect();
        }
    }

    /**
     * XEP-0045 §18.1.2: when the remote user's server is gone (it vanished: a crash, a cut link), what the room
     * sends the user bounces (remote-server-not-found), and the room removes the ghost as if it had left, with
     * status 333 (§11.1).
     */
    @Test
    void aRemoteOccupantWhoseServerIsGoneIsRemovedAsAGhostWith333_18_1_2() throws Exception {
        try (FakePeer ghostServer = new FakePeer("ghost.localhost")) {
            Map<String, Object> s = new HashMap<>();
            s.put("parley.domain", "b.localhost");
            s.put("parley.s2s.port", PeerFixture.freePort());
            s.put("parley.s2s.require-tls", false);
            s.put("parley.s2s.routes", "ghost.localhost=127.0.0.1:" + ghostServer.port());
            try (NodeFixture b = new NodeFixture(s)) {
                b.addUser("bob", "bob-pass");
                XMPPTCPConnection bob = b.login("bob", "bob-pass", "phone");
                EntityBareJid roomJid = JidCreate.entityBareFrom("wake@conference.b.localhost");
                MultiUserChat bobRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(roomJid);
                bobRoom.create(Resourcepart.from("bob")).makeInstant();
                BlockingQueue<org.jivesoftware.smack.packet.Presence> gone = new ArrayBlockingQueue<>(4);
                bobRoom.addParticipantListener(p -> {
                    if (p.getType() == org.jivesoftware.smack.packet.Presence.Type.unavailable) gone.add(p);
                });

                var stream = ghostServer.streamTo(b.node.s2sPort(), "conference.b.localhost");
                stream.send("<presence from='casper@ghost.localhost/x' to='wake@conference.b.localhost/casper'>"
                        + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
                awaitOccupant(bobRoom, "casper");

                ghostServer.close(); // the remote server vanishes without a word
                // the room goes on talking: a copy written just as the dead socket closes is lost with it (TCP says
                // nothing), the next one cannot be delivered and bounces
                org.jivesoftware.smack.packet.Presence left = null;
                for (int i = 0; i < 15 && left == null; i++) {
                    bobRoom.sendMessage("anyone there? " + i);
                    left = gone.poll(2, TimeUnit.SECONDS);
                }
                assertThat(left).as("casper removed").isNotNull();
                assertThat(left.getFrom().toString()).isEqualTo(roomJid + "/casper");
                assertThat(MUCUser.from(left).getStatus()).contains(MUCUser.Status.create(333));
                assertThat(bobRoom.getOccupant(JidCreate.entityFullFrom(roomJid + "/casper"))).isNull();
                bob.disconnect();
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("never: " + what);
            Thread.sleep(20);
        }
    }

    static Map<String, Object> settings(String domain, int port, String peer, int peerPort) {
        Map<String, Object> m = new HashMap<>();
        m.put("parley.domain", domain);
        m.put("parley.s2s.port", port);
        m.put("parley.s2s.routes", peer + "=127.0.0.1:" + peerPort + ",conference." + peer + "=127.0.0.1:" + peerPort);
        return m;
    }
}
