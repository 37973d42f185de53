package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Rooms leave memory when nobody is in them, never while occupants are present however quiet they are,
 * and a passivated persistent room comes back from the journal on its next stanza.
 */
class PassivationTest {
    static MultiUserChat as(XMPPTCPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room + "@conference.localhost"));
    }

    @Test
    void anEmptyRoomPassivatesAnOccupiedQuietOneStays() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.muc.passivate-idle-rooms-after", "300ms"))) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("wiccarocks", "wiccarocks-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection wicca = node.login("wiccarocks", "wiccarocks-pass", "laptop");
            try {
                // a quiet room: its owner enters and says nothing
                MultiUserChat quiet = as(crone, "quiet");
                quiet.create(Resourcepart.from("firstwitch")).makeInstant();
                // then a persistent room that everyone leaves
                MultiUserChat archive = as(crone, "archive");
                archive.create(Resourcepart.from("firstwitch"));
                FillableForm form = archive.getConfigurationForm().getFillableForm();
                form.setAnswer("muc#roomconfig_persistentroom", true);
                form.setAnswer("muc#roomconfig_roomdesc", "kept on disk");
                archive.sendConfigurationForm(form);
                archive.leave();

                // The empty room goes; it went idle after the quiet one last heard anything, so the quiet
                // one has been silent at least as long, and must still be there.
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> !node.node.loadedRooms().contains("archive@conference.localhost"));
                assertThat(node.node.loadedRooms()).contains("quiet@conference.localhost");

                // and its occupant is still an occupant: a newcomer sees her, and she hears him
                BlockingQueue<Message> atCrone = new LinkedBlockingQueue<>();
                crone.addSyncStanzaListener(s -> {
                    if (((Message) s).getBody() != null) atCrone.add((Message) s);
                }, org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT);
                MultiUserChat guest = as(wicca, "quiet");
                guest.join(Resourcepart.from("secondwitch"));
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> guest.getOccupants().size() == 2);
                guest.sendMessage("still here?");
                Message heard = atCrone.poll(5, TimeUnit.SECONDS);
                assertThat(heard).isNotNull();
                assertThat(heard.getBody()).isEqualTo("still here?");

                // the passivated persistent room loads again on the next stanza, its configuration intact
                RoomInfo info = MultiUserChatManager.getInstanceFor(wicca).getRoomInfo(JidCreate.entityBareFrom("archive@conference.localhost"));
                assertThat(info.isPersistent()).isTrue();
                assertThat(info.getDescription()).isEqualTo("kept on disk");
                assertThat(node.node.loadedRooms()).contains("archive@conference.localhost");
            } finally {
                crone.disconnect();
                wicca.disconnect();
            }
        }
    }

    static void createPersistent(XMPPTCPConnection c, String room, String description) throws Exception {
        MultiUserChat muc = as(c, room);
        muc.create(Resourcepart.from("firstwitch"));
        FillableForm form = muc.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_persistentroom", true);
        form.setAnswer("muc#roomconfig_roomdesc", description);
        muc.sendConfigurationForm(form);
        muc.leave();
    }

    @Test
    void overTheBoundTheRoomIdleLongestGoesAtOnce() throws Exception {
        // rooms would stay an hour; only one idle room may stay loaded
        try (NodeFixture node = new NodeFixture(Map.of("parley.muc.passivate-idle-rooms-after", "1h", "parley.muc.idle-rooms-loaded", "1"))) {
            node.addUser("crone1", "crone1-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            try {
                createPersistent(crone, "first", "the first");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> IdleRooms.get(node.node.system()).size() == 1);
                assertThat(node.node.loadedRooms()).contains("first@conference.localhost");

                // a second room left: the first, idle longer, goes at once
                createPersistent(crone, "second", "the second");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !node.node.loadedRooms().contains("first@conference.localhost"));
                assertThat(node.node.loadedRooms()).contains("second@conference.localhost");

                // the first comes back from the journal as it was; now the second has been idle longer, and goes
                RoomInfo info = MultiUserChatManager.getInstanceFor(crone).getRoomInfo(JidCreate.entityBareFrom("first@conference.localhost"));
                assertThat(info.isPersistent()).isTrue();
                assertThat(info.getDescription()).isEqualTo("the first");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !node.node.loadedRooms().contains("second@conference.localhost"));
                assertThat(node.node.loadedRooms()).contains("first@conference.localhost");
                assertThat(IdleRooms.get(node.node.system()).size()).isEqualTo(1);
            } finally {
                crone.disconnect();
            }
        }
    }
}
