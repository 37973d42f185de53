package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
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

/** A persistent room writes its messages in batches (group commit) and keeps its history across a restart. */
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
                BlockingQueue<Message> history = new LinkedBlockingQueue<>();
                back.addSyncStanzaListener(s -> {
                    Message m = (Message) s;
                    if (m.getBody() != null) history.add(m);
                }, org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT);
                MultiUserChat again = MultiUserChatManager.getInstanceFor(back).getMultiUserChat(JidCreate.entityBareFrom("annals@conference.localhost"));
                again.join(Resourcepart.from("secondwitch"));
                List<String> replay = new ArrayList<>();
                Message m;
                while ((m = history.poll(2, TimeUnit.SECONDS)) != null) replay.add(m.getBody());
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
}
