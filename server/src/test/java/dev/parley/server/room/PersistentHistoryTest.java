package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A persistent room writes its messages in batches (group commit) and keeps its history across a restart, from its
 * events and from its snapshot ({@code storage/SnapshotStore}, one every 200 events).
 */
class PersistentHistoryTest {
    @Test
    void aBurstArrivesOnceInOrderAndTheHistorySurvivesARestart() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("wiccarocks", "wiccarocks-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection wicca = node.login("wiccarocks", "wiccarocks-pass", "laptop");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(JidCreate.entityBareFrom("annals@conference.localhost"));
            muc.create(Resourcepart.from("firstwitch"));
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true);
            form.setAnswer("muc#maxhistoryfetch", "30");
            muc.sendConfigurationForm(form);
            MultiUserChat guest = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(JidCreate.entityBareFrom("annals@conference.localhost"));
            guest.join(Resourcepart.from("secondwitch"));
            BlockingQueue<Message> atGuest = new LinkedBlockingQueue<>();
            wicca.addSyncStanzaListener(s -> {
                Message m = (Message) s;
                if (m.getBody() != null) atGuest.add(m);
            }, org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT);
            for (int i = 0; i < 200; i++) muc.sendMessage("entry " + i); // faster than one journal write each
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Message m = atGuest.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("message %d", i).isNotNull();
                got.add(m.getBody());
            }
            for (int i = 0; i < 200; i++) assertThat(got.get(i)).isEqualTo("entry " + i);
            assertThat(atGuest.poll(300, TimeUnit.MILLISECONDS)).as("each once").isNull();
            guest.leave();
            muc.leave();
            crone.disconnect();
            wicca.disconnect();

            node.restart();

            XMPPTCPConnection back = node.login("wiccarocks", "wiccarocks-pass", "again");
            try {
                MultiUserChat again = MultiUserChatManager.getInstanceFor(back).getMultiUserChat(JidCreate.entityBareFrom("annals@conference.localhost"));
                List<String> replay = historyOnJoining(back, again, "secondwitch");
                // muc#maxhistoryfetch = 30: the last 30 of what was said before the restart, in order
                assertThat(replay).hasSize(30);
                assertThat(replay.get(0)).isEqualTo("entry 170");
                assertThat(replay.get(29)).isEqualTo("entry 199");
                again.leave();
            } finally {
                back.disconnect();
            }
        }
    }

    /**
     * A room that wrote 200 events has a snapshot of its state at the 200th. With the events it covers deleted, only
     * the snapshot can bring back the room after a restart: its configuration and the history said before it.
     */
    @Test
    void aRoomComesBackFromItsSnapshot() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(JidCreate.entityBareFrom("chronicle@conference.localhost"));
            muc.create(Resourcepart.from("firstwitch"));
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true);
            form.setAnswer("muc#roomconfig_roomname", "The Chronicle");
            form.setAnswer("muc#maxhistoryfetch", "30");
            muc.sendConfigurationForm(form);
            BlockingQueue<Message> reflected = new LinkedBlockingQueue<>();
            crone.addSyncStanzaListener(s -> {
                Message m = (Message) s;
                if (m.getBody() != null) reflected.add(m);
            }, org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT);
            // one at a time, each after the last came back: each its own journal write, so its own event
            for (int i = 0; i < 220; i++) {
                muc.sendMessage("line " + i);
                Message m = reflected.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("line %d reflected", i).isNotNull();
                assertThat(m.getBody()).isEqualTo("line " + i);
            }
            String room = "Room|chronicle@conference.localhost";
            // the snapshot is saved after the 200th event is written: wait for its row
            long snapshot = 0;
            for (int i = 0; i < 100 && snapshot == 0; i++) {
                snapshot = single(node, "SELECT MAX(\"sequence_number\") FROM \"snapshot\" WHERE \"persistence_id\" = ?", room);
                if (snapshot == 0) Thread.sleep(100);
            }
            assertThat(snapshot).as("the sequence number of the room's snapshot").isEqualTo(200);
            muc.leave();
            crone.disconnect();
            try (Connection c = journal(node); PreparedStatement d = c.prepareStatement(
                    "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" <= 200")) {
                d.setString(1, room);
                assertThat(d.executeUpdate()).as("the events the snapshot covers").isEqualTo(200);
            }

            node.restart();

            XMPPTCPConnection back = node.login("crone1", "crone1-pass", "again");
            try {
                MultiUserChat again = MultiUserChatManager.getInstanceFor(back).getMultiUserChat(JidCreate.entityBareFrom("chronicle@conference.localhost"));
                List<String> replay = historyOnJoining(back, again, "firstwitch");
                // the last 30 lines: 190-199 from the snapshot, 200-219 from the events after it
                assertThat(replay).hasSize(30);
                assertThat(replay.get(0)).isEqualTo("line 190");
                assertThat(replay.get(29)).isEqualTo("line 219");
                assertThat(MultiUserChatManager.getInstanceFor(back).getRoomInfo(again.getRoom()).getName()).as("the configuration, from the snapshot")
                        .isEqualTo("The Chronicle");
                assertThat(again.isJoined()).isTrue();
                again.leave();
            } finally {
                back.disconnect();
            }
        }
    }

    /** Joins {@code room} as {@code nick} and answers the bodies of the history it sends, in order. */
    private static List<String> historyOnJoining(XMPPTCPConnection c, MultiUserChat room, String nick) throws Exception {
        BlockingQueue<Message> history = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> {
            Message m = (Message) s;
            if (m.getBody() != null) history.add(m);
        }, org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT);
        room.join(Resourcepart.from(nick));
        List<String> replay = new ArrayList<>();
        Message m;
        while ((m = history.poll(2, TimeUnit.SECONDS)) != null) replay.add(m.getBody());
        return replay;
    }

    private static Connection journal(NodeFixture node) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + node.dataDir.toAbsolutePath().resolve("journal"), "parley", "");
    }

    private static long single(NodeFixture node, String sql, String persistenceId) throws Exception {
        try (Connection c = journal(node); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, persistenceId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
