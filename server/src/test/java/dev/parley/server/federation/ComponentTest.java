package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Parley as the external component (XEP-0114) of Debian's Prosody and ejabberd: their users enter Parley's rooms
 * and talk with Parley's own users over real sockets; then the main server goes away and comes back, and the
 * component connects again by itself.
 */
class ComponentTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prosody", "ejabberd"})
    void theMainServersUsersTalkInParleysRoomsAndTheComponentComesBackAfterTheMainServerRestarts(String server) throws Exception {
        try (PeerFixture peer = new PeerFixture(server, "rooms.peer.localhost");
                NodeFixture parley = new NodeFixture(Map.of("parley.component.host", "127.0.0.1", "parley.component.port", peer.componentPort,
                        "parley.component.secret", peer.secret, "parley.component.domain", "rooms.peer.localhost",
                        "parley.component.reconnect-min", "200ms", "parley.component.reconnect-max", "1s"))) {
            XMPPTCPConnection remote = peer.user("juliet");
            awaitComponent(remote, peer);
            parley.addUser("romeo", "romeo-pass");
            XMPPTCPConnection local = parley.login("romeo", "romeo-pass", "balcony");

            EntityBareJid roomJid = JidCreate.entityBareFrom("verona@rooms.peer.localhost");
            MultiUserChat romeoRoom = MultiUserChatManager.getInstanceFor(local).getMultiUserChat(roomJid);
            romeoRoom.create(Resourcepart.from("romeo"));
            var form = romeoRoom.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true); // archived (XEP-0313), as persistent rooms are by default
            romeoRoom.sendConfigurationForm(form);

            MultiUserChat julietRoom = MultiUserChatManager.getInstanceFor(remote).getMultiUserChat(roomJid);
            BlockingQueue<Message> toJuliet = new ArrayBlockingQueue<>(16);
            julietRoom.addMessageListener(m -> bodied(toJuliet, m));
            BlockingQueue<Message> toRomeo = new ArrayBlockingQueue<>(16);
            romeoRoom.addMessageListener(m -> bodied(toRomeo, m));
            julietRoom.join(Resourcepart.from("juliet"));
            assertThat(julietRoom.isJoined()).isTrue();
            // §7.2.3: the owner sees the newcomer's real JID (a semi-anonymous room shows it to moderators)
            Occupant seen = awaitOccupant(romeoRoom, "juliet");
            assertThat(seen.getJid().toString()).isEqualTo("juliet@peer.localhost/peer");

            julietRoom.sendMessage("wherefore art thou");
            assertThat(poll(toRomeo).getBody()).isEqualTo("wherefore art thou");
            assertThat(poll(toJuliet).getBody()).isEqualTo("wherefore art thou"); // her own reflection, through the main server
            romeoRoom.sendMessage("here");
            assertThat(poll(toJuliet).getBody()).isEqualTo("here");
            assertThat(poll(toRomeo).getBody()).isEqualTo("here");

            // a private message between occupants crosses the component both ways (§7.5)
            BlockingQueue<Message> privateToJuliet = new ArrayBlockingQueue<>(4);
            remote.addAsyncStanzaListener(s -> privateToJuliet.add((Message) s),
                    s -> s instanceof Message m && m.getType() == Message.Type.chat && m.getFrom().toString().equals(roomJid + "/romeo"));
            romeoRoom.createPrivateChat(JidCreate.entityFullFrom(roomJid + "/juliet"), null).sendMessage("psst");
            assertThat(poll(privateToJuliet).getBody()).isEqualTo("psst");

            // §7.8.2: an invitation to another user of the main server goes out through it
            XMPPTCPConnection nurse = peer.user("nurse");
            BlockingQueue<org.jivesoftware.smackx.muc.packet.MUCUser.Invite> invites = new ArrayBlockingQueue<>(2);
            MultiUserChatManager.getInstanceFor(nurse).addInvitationListener((c, room, inviter, reason, password, message, invite) -> invites.add(invite));
            romeoRoom.invite(JidCreate.entityBareFrom("nurse@" + peer.domain), "bring the rope");
            var invite = invites.poll(10, TimeUnit.SECONDS);
            assertThat(invite).as(() -> "the invitation; the main server's log:\n" + peer.log()).isNotNull();
            assertThat(invite.getReason()).isEqualTo("bring the rope");
            nurse.disconnect();

            // XEP-0313: the main server's user pages through the room's archive
            var mam = org.jivesoftware.smackx.mam.MamManager.getInstanceFor(julietRoom);
            assertThat(mam.isSupported()).isTrue();
            var page = mam.queryMostRecentPage(null, 10);
            assertThat(page.getMessages().stream().map(Message::getBody).toList()).containsExactly("wherefore art thou", "here");

            // the owner kicks the remote occupant (§8.2): she is told, through the main server, with 307
            romeoRoom.kickParticipant(Resourcepart.from("juliet"), "tomorrow");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (julietRoom.isJoined() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(julietRoom.isJoined()).isFalse();
            remote.disconnect();

            // the main server goes away and comes back: the component connects again, and its users enter again
            peer.stop();
            peer.start();
            XMPPTCPConnection again = peer.user("juliet");
            awaitComponent(again, peer);
            MultiUserChat back = MultiUserChatManager.getInstanceFor(again).getMultiUserChat(roomJid);
            BlockingQueue<Message> toJulietAgain = new ArrayBlockingQueue<>(16);
            back.addMessageListener(m -> bodied(toJulietAgain, m));
            back.join(back.getEnterConfigurationBuilder(Resourcepart.from("juliet")).requestNoHistory().build());
            romeoRoom.sendMessage("again");
            assertThat(poll(toJulietAgain).getBody()).isEqualTo("again");
            again.disconnect();
            local.disconnect();
        }
    }

    /** Until the main server routes to the component (it answers disco#info as a MUC service). */
    static void awaitComponent(XMPPTCPConnection user, PeerFixture peer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (ServiceDiscoveryManager.getInstanceFor(user).discoverInfo(JidCreate.domainBareFrom(peer.rooms))
                        .containsFeature("http://jabber.org/protocol/muc")) return;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the component never answered through " + peer.server + ": " + last + "\n" + peer.log());
    }

    static Occupant awaitOccupant(MultiUserChat room, String nick) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Occupant o = room.getOccupant(JidCreate.entityFullFrom(room.getRoom() + "/" + nick));
            if (o != null) return o;
            Thread.sleep(20);
        }
        throw new AssertionError(nick + " never entered " + room.getRoom());
    }

    /** Messages with a body (not the subject, §7.2.15). */
    static void bodied(BlockingQueue<Message> q, Message m) {
        if (m.getBody() != null) q.add(m);
    }

    static Message poll(BlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }
}
