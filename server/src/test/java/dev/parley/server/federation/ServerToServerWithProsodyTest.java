package dev.parley.server.federation;

import static dev.parley.server.federation.ComponentTest.awaitOccupant;
import static dev.parley.server.federation.ComponentTest.bodied;
import static dev.parley.server.federation.ComponentTest.poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
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
 * Parley and Debian's Prosody federate over server-to-server streams (RFC 6120): STARTTLS both ways, self-signed
 * certificates on both sides, so dialback (XEP-0220) both ways; Parley's streams made bidirectional (XEP-0288). Prosody's users enter Parley's rooms, Parley's
 * users enter Prosody's, and after Prosody restarts the streams are set up again.
 */
class ServerToServerWithProsodyTest {
    @Test
    void usersOfEachServerTalkInTheOthersRoomsAndTheStreamsComeBackAfterProsodyRestarts() throws Exception {
        int parleyS2s = PeerFixture.freePort();
        try (PeerFixture prosody = new PeerFixture("prosody", "unused.peer.localhost", "parley.localhost", parleyS2s);
                NodeFixture parley = new NodeFixture(Map.of("parley.domain", "parley.localhost", "parley.s2s.port", parleyS2s,
                        "parley.s2s.routes.\"peer.localhost\"", "127.0.0.1:" + prosody.s2sPort,
                        "parley.s2s.routes.\"muc.peer.localhost\"", "127.0.0.1:" + prosody.s2sPort))) {
            parley.addUser("romeo", "romeo-pass");
            XMPPTCPConnection romeo = parley.login("romeo", "romeo-pass", "balcony");
            XMPPTCPConnection juliet = prosody.user("juliet");

            // Prosody's user in Parley's room
            EntityBareJid parleyRoom = JidCreate.entityBareFrom("verona@conference.parley.localhost");
            MultiUserChat romeoHere = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(parleyRoom);
            romeoHere.create(Resourcepart.from("romeo")).makeInstant();
            BlockingQueue<Message> toRomeo = new ArrayBlockingQueue<>(16);
            romeoHere.addMessageListener(m -> bodied(toRomeo, m));
            MultiUserChat julietThere = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(parleyRoom);
            BlockingQueue<Message> toJuliet = new ArrayBlockingQueue<>(16);
            julietThere.addMessageListener(m -> bodied(toJuliet, m));
            julietThere.join(Resourcepart.from("juliet"));
            assertThat(awaitOccupant(romeoHere, "juliet").getJid().toString()).isEqualTo("juliet@peer.localhost/peer");
            julietThere.sendMessage("o romeo");
            assertThat(poll(toRomeo).getBody()).isEqualTo("o romeo");
            assertThat(poll(toJuliet).getBody()).isEqualTo("o romeo");
            romeoHere.sendMessage("hark");
            assertThat(poll(toJuliet).getBody()).isEqualTo("hark");

            // Parley's user in Prosody's room
            EntityBareJid prosodyRoom = JidCreate.entityBareFrom("capulet@muc.peer.localhost");
            MultiUserChat julietHome = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(prosodyRoom);
            julietHome.create(Resourcepart.from("juliet")).makeInstant();
            BlockingQueue<Message> toJulietHome = new ArrayBlockingQueue<>(16);
            julietHome.addMessageListener(m -> bodied(toJulietHome, m));
            MultiUserChat romeoAway = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(prosodyRoom);
            BlockingQueue<Message> toRomeoAway = new ArrayBlockingQueue<>(16);
            romeoAway.addMessageListener(m -> bodied(toRomeoAway, m));
            romeoAway.join(Resourcepart.from("romeo"));
            assertThat(romeoAway.isJoined()).isTrue();
            romeoAway.sendMessage("by yonder window");
            assertThat(poll(toJulietHome).getBody()).isEqualTo("by yonder window");
            assertThat(poll(toRomeoAway).getBody()).isEqualTo("by yonder window");
            // XEP-0288: Prosody (mod_s2s_bidi) offers it and Parley's streams ask for it; with dialback Prosody still
            // answers on a stream of its own, the one it opened to verify Parley's key (BidiTest covers the way back)
            assertThat(parley.node.federation().bidiStreams.sum()).isPositive();
            juliet.disconnect();

            // Prosody goes away and comes back: new streams both ways, set up on demand
            prosody.stop();
            prosody.start();
            XMPPTCPConnection again = prosody.user("juliet");
            MultiUserChat back = MultiUserChatManager.getInstanceFor(again).getMultiUserChat(parleyRoom);
            BlockingQueue<Message> toJulietAgain = new ArrayBlockingQueue<>(16);
            back.addMessageListener(m -> bodied(toJulietAgain, m));
            back.join(back.getEnterConfigurationBuilder(Resourcepart.from("juliet")).requestNoHistory().build());
            romeoHere.sendMessage("again");
            assertThat(poll(toJulietAgain).getBody()).isEqualTo("again");
            again.disconnect();
            romeo.disconnect();
        }
    }

    /**
     * XEP-0178 with a real peer: Prosody and Parley hold certificates a common authority issued for their domains and
     * trust it, so each authenticates the other with SASL EXTERNAL, dialback is never used, and Prosody, having no
     * key to verify, answers on Parley's bidirectional stream (XEP-0288).
     */
    @Test
    void withCertificatesFromATrustedAuthorityBothSidesUseSaslExternal_XEP0178() throws Exception {
        TestCertificates pki = new TestCertificates(java.nio.file.Files.createTempDirectory("parley-pki"));
        java.nio.file.Path[] parleyCert = pki.server("parley.localhost");
        int parleyS2s = PeerFixture.freePort();
        try (PeerFixture prosody = PeerFixture.prosodyWithCertificate("parley.localhost", parleyS2s, pki.server("peer.localhost"), pki.caFile());
                NodeFixture parley = new NodeFixture(Map.of("parley.domain", "parley.localhost", "parley.s2s.port", parleyS2s,
                        "parley.s2s.routes", "peer.localhost=127.0.0.1:" + prosody.s2sPort + ",muc.peer.localhost=127.0.0.1:" + prosody.s2sPort,
                        "parley.tls.certificate", parleyCert[0].toString(), "parley.tls.private-key", parleyCert[1].toString(),
                        "parley.s2s.trusted-certificates", pki.caFile().toString()))) {
            parley.addUser("romeo", "romeo-pass");
            XMPPTCPConnection romeo = parley.login("romeo", "romeo-pass", "balcony");
            XMPPTCPConnection juliet = prosody.user("juliet");

            // Parley's user in Prosody's room: Parley's stream, EXTERNAL, and Prosody's answers on it
            EntityBareJid prosodyRoom = JidCreate.entityBareFrom("capulet@muc.peer.localhost");
            MultiUserChat julietHome = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(prosodyRoom);
            julietHome.create(Resourcepart.from("juliet")).makeInstant();
            BlockingQueue<Message> toJulietHome = new ArrayBlockingQueue<>(16);
            julietHome.addMessageListener(m -> bodied(toJulietHome, m));
            MultiUserChat romeoAway = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(prosodyRoom);
            BlockingQueue<Message> toRomeoAway = new ArrayBlockingQueue<>(16);
            romeoAway.addMessageListener(m -> bodied(toRomeoAway, m));
            romeoAway.join(Resourcepart.from("romeo"));
            romeoAway.sendMessage("signed and sealed");
            assertThat(poll(toJulietHome).getBody()).isEqualTo("signed and sealed");
            assertThat(poll(toRomeoAway).getBody()).isEqualTo("signed and sealed");

            // Prosody's user in Parley's room: Prosody's stream, EXTERNAL offered to it and taken
            EntityBareJid parleyRoom = JidCreate.entityBareFrom("verona@conference.parley.localhost");
            MultiUserChat romeoHere = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(parleyRoom);
            romeoHere.create(Resourcepart.from("romeo")).makeInstant();
            BlockingQueue<Message> toRomeo = new ArrayBlockingQueue<>(16);
            romeoHere.addMessageListener(m -> bodied(toRomeo, m));
            MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(parleyRoom).join(Resourcepart.from("juliet"));
            assertThat(awaitOccupant(romeoHere, "juliet").getJid().toString()).isEqualTo("juliet@peer.localhost/peer");

            var counters = parley.node.federation();
            assertThat(counters.outgoingExternal.sum()).as("Parley authenticated to Prosody with EXTERNAL").isPositive();
            assertThat(counters.outgoingDialback.sum() + counters.incomingDialback.sum()).as("no dialback at all").isZero();
            assertThat(counters.bidiStanzasIn.sum()).as("Prosody answered on Parley's stream").isPositive();
            juliet.disconnect();
            romeo.disconnect();
        }
    }
}
