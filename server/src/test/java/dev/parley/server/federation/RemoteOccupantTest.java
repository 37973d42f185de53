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
