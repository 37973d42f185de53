package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 conversations with Smack's MultiUserChat: the witches of the XEP's examples meet in a room. */
class RoomConversationTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture();
        for (String u : new String[] {"crone1", "wiccarocks", "hag66"}) fixture.addUser(u, u + "-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static XMPPTCPConnection login(String user) throws Exception {
        return fixture.login(user, user + "-pass", "desktop");
    }

    static EntityBareJid room(String name) throws Exception {
        return JidCreate.entityBareFrom(name + "@conference.localhost");
    }

    @Test
    void createAnInstantRoomThenOthersEnterAndTalk_10_1_2_and_7_4() throws Exception {
        XMPPTCPConnection crone = login("crone1");
        XMPPTCPConnection wicca = login("wiccarocks");
        try {
            MultiUserChat ownerView = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(room("coven"));
            // §10.1.1: the creator gets 110 and 201; §10.1.2: an empty submitted form makes it an instant room
            ownerView.create(Resourcepart.from("firstwitch")).makeInstant();
            assertThat(ownerView.isJoined()).isTrue();

            MultiUserChat guestView = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(room("coven"));
            guestView.join(Resourcepart.from("secondwitch"));
            // Smack updates its occupant list from a listener that may run after join() returns
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> guestView.getOccupantsCount() == 2);
            assertThat(guestView.getOccupants()).extracting(j -> j.getResourceOrEmpty().toString())
                    .containsExactlyInAnyOrder("firstwitch", "secondwitch");
            Occupant owner = guestView.getOccupant(JidCreate.entityFullFrom("coven@conference.localhost/firstwitch"));
            assertThat(owner.getAffiliation().name()).isEqualTo("owner");
            assertThat(owner.getRole().name()).isEqualTo("moderator");
            assertThat((Object) owner.getJid()).as("a participant does not see real JIDs in a semi-anonymous room (§7.2.4)").isNull();

            // Smack's listeners also get the subject message that ends every entry (§7.2.15): keep bodies only
            BlockingQueue<Message> atGuest = new LinkedBlockingQueue<>();
            guestView.addMessageListener(m -> {
                if (m.getBody() != null) atGuest.add(m);
            });
            BlockingQueue<Message> atOwner = new LinkedBlockingQueue<>();
            ownerView.addMessageListener(m -> {
                if (m.getBody() != null) atOwner.add(m);
            });
            ownerView.sendMessage("Thrice the brinded cat hath mew'd.");
            Message got = atGuest.poll(5, TimeUnit.SECONDS);
            assertThat(got.getBody()).isEqualTo("Thrice the brinded cat hath mew'd.");
            assertThat(got.getFrom().toString()).isEqualTo("coven@conference.localhost/firstwitch");
            assertThat(atOwner.poll(5, TimeUnit.SECONDS).getBody()).as("reflected to the sender (§7.4)").isEqualTo("Thrice the brinded cat hath mew'd.");

            // a third witch enters later and gets the discussion history (§7.2.13)
            XMPPTCPConnection hag = login("hag66");
            try {
                MultiUserChat lateView = MultiUserChatManager.getInstanceFor(hag).getMultiUserChat(room("coven"));
                BlockingQueue<Message> atLate = new LinkedBlockingQueue<>();
                lateView.addMessageListener(m -> {
                    if (m.getBody() != null) atLate.add(m);
                });
                lateView.join(Resourcepart.from("thirdwitch"));
                Message historic = atLate.poll(5, TimeUnit.SECONDS);
                assertThat(historic.getBody()).isEqualTo("Thrice the brinded cat hath mew'd.");
                assertThat(historic.hasExtension("delay", "urn:xmpp:delay")).isTrue();
                lateView.leave();
            } finally {
                hag.disconnect();
            }
            guestView.leave();
            assertThat(guestView.isJoined()).isFalse();
        } finally {
            crone.disconnect();
            wicca.disconnect();
        }
    }

    @Test
    void aLockedRoomIsNotFoundAndATakenNickIsAConflict_7_2_10_and_7_2_8() throws Exception {
        XMPPTCPConnection crone = login("crone1");
        XMPPTCPConnection wicca = login("wiccarocks");
        try {
            MultiUserChat ownerView = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(room("heath"));
            ownerView.createOrJoin(Resourcepart.from("firstwitch")); // created, still locked: no configuration yet
            MultiUserChat guestView = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(room("heath"));
            XMPPException.XMPPErrorException locked = (XMPPException.XMPPErrorException) org.assertj.core.api.Assertions
                    .catchThrowable(() -> guestView.join(Resourcepart.from("secondwitch")));
            assertThat(locked.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);

            ownerView.sendConfigurationForm(new org.jivesoftware.smackx.xdata.form.FillableForm(
                    org.jivesoftware.smackx.xdata.packet.DataForm.builder(org.jivesoftware.smackx.xdata.packet.DataForm.Type.form).build()));
            XMPPException.XMPPErrorException taken = (XMPPException.XMPPErrorException) org.assertj.core.api.Assertions
                    .catchThrowable(() -> guestView.join(Resourcepart.from("FirstWitch")));
            assertThat(taken.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
        } finally {
            crone.disconnect();
            wicca.disconnect();
        }
    }
}
