package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.util.List;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** A room's archive as a real client library uses it (Smack's MamManager for a MultiUserChat, XEP-0313 §3.3.2). */
class ArchiveThroughSmackTest {
    @Test
    void aClientThatWasAwayPagesBackThroughTheRoomsArchive() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("wiccarocks", "wiccarocks-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection wicca = node.login("wiccarocks", "wiccarocks-pass", "phone");
            var roomJid = JidCreate.entityBareFrom("chronicle@conference.localhost");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(roomJid);
            muc.create(Resourcepart.from("firstwitch"));
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true);
            muc.sendConfigurationForm(form);
            for (int i = 0; i < 25; i++) muc.sendMessage("line " + i);

            // the phone comes back: no history on entry, the archive instead
            MultiUserChat guest = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(roomJid);
            MucEnterConfiguration enter = guest.getEnterConfigurationBuilder(Resourcepart.from("secondwitch")).requestNoHistory().build();
            guest.join(enter);
            MamManager mam = MamManager.getInstanceFor(guest);
            assertThat(mam.isSupported()).isTrue();
            assertThat(mam.getArchiveAddress().toString()).isEqualTo(roomJid.toString());

            MamManager.MamQuery recent = mam.queryMostRecentPage(null, 10);
            assertThat(bodies(recent.getMessages())).containsExactly("line 15", "line 16", "line 17", "line 18", "line 19", "line 20", "line 21",
                    "line 22", "line 23", "line 24");
            assertThat(recent.isComplete()).isFalse();
            assertThat(bodies(recent.pagePrevious(10))).startsWith("line 5").endsWith("line 14");
            assertThat(bodies(recent.pagePrevious(10))).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
            assertThat(recent.isComplete()).isTrue();
            assertThat(recent.getMessages().get(0).getFrom().toString()).isEqualTo(roomJid + "/firstwitch");
            assertThat(mam.getMessageUidOfLatestMessage()).isNotNull();
            guest.leave();
            muc.leave();
            crone.disconnect();
            wicca.disconnect();
        }
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }
}
