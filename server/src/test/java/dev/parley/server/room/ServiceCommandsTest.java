package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The service's ad-hoc commands (XEP-0050): creating a room without entering it, listing rooms, destroying
 * a room; and service admins acting as owners of every room without entering it.
 */
class ServiceCommandsTest {
    static final String CMD = "http://jabber.org/protocol/commands";

    static Element ask(RawClient c, String id, String iq) throws Exception {
        c.send(iq);
        return c.answerTo(id);
    }

    static String execute(String id, String node, String fields) {
        return "<iq type='set' id='" + id + "' to='conference.localhost'><command xmlns='" + CMD + "' node='" + node + "'"
                + (fields == null ? " action='execute'/>" : " action='complete' sessionid='s'><x xmlns='jabber:x:data' type='submit'>" + fields + "</x></command>")
                + "</iq>";
    }

    static String field(String var, String value) {
        return "<field var='" + var + "'><value>" + value + "</value></field>";
    }

    @Test
    void createListAndDestroyRoomsWithoutEntering() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true,
                "parley.muc.admins", List.of("root@localhost")));
                RawClient owner = new RawClient(node.node.c2sPort()); RawClient other = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(owner);
            StreamHardeningTest.anonymousLogin(other);
            Element commands = ask(owner, "l", "<iq type='get' id='l' to='conference.localhost'><query xmlns='http://jabber.org/protocol/disco#items' node='" + CMD + "'/></iq>");
            assertThat(commands.toString()).contains("node='create-room'", "node='destroy-room'", "node='list-rooms'");

            Element form = ask(owner, "c1", execute("c1", "create-room", null));
            Element command = form.child("command", CMD);
            assertThat(command.attribute("status")).isEqualTo("executing");
            assertThat(command.toString()).contains("var='room'");
            Element done = ask(owner, "c2", execute("c2", "create-room", field("room", "guild") + field("name", "The Guild")));
            assertThat(done.attribute("type")).isEqualTo("result");
            assertThat(done.child("command", CMD).attribute("status")).isEqualTo("completed");
            // again: the room exists
            assertThat(ask(owner, "c3", execute("c3", "create-room", field("room", "guild"))).toString()).contains("conflict");

            // it is configured and open: someone else enters at once, and it is listed
            other.send("<presence to='guild@conference.localhost/visitor'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element self = other.nextNamed("presence");
            assertThat(self.attribute("type")).isNull();
            assertThat(self.toString()).doesNotContain("code='201'");
            Element list = ask(other, "r", execute("r", "list-rooms", null));
            assertThat(list.child("command", CMD).attribute("status")).isEqualTo("completed");
            assertThat(list.toString()).contains("guild@conference.localhost", "The Guild");

            // only its owner (or a service admin) destroys it
            assertThat(ask(other, "d1", execute("d1", "destroy-room", field("room", "guild@conference.localhost"))).toString()).contains("forbidden");
            Element destroyed = ask(owner, "d2", execute("d2", "destroy-room", field("room", "guild") + field("reason", "closing time")));
            assertThat(destroyed.child("command", CMD).attribute("status")).isEqualTo("completed");
            Element gone = other.nextNamed("presence");
            assertThat(gone.attribute("type")).isEqualTo("unavailable");
            assertThat(gone.toString()).contains("closing time");
        }
    }

    @Test
    void aServiceAdminOwnsEveryRoomWithoutEnteringIt() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.muc.admins", List.of("root@localhost")))) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("root", "root-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection root = node.login("root", "root-pass", "console");
            try {
                MultiUserChat mine = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(JidCreate.entityBareFrom("coven@conference.localhost"));
                mine.create(org.jxmpp.jid.parts.Resourcepart.from("firstwitch")).makeInstant();
                MultiUserChat asAdmin = MultiUserChatManager.getInstanceFor(root).getMultiUserChat(JidCreate.entityBareFrom("coven@conference.localhost"));
                // reading the room's configuration and its owner list, not being in it
                assertThat(asAdmin.getConfigurationForm().getFormType()).isEqualTo("http://jabber.org/protocol/muc#roomconfig");
                assertThat(asAdmin.getOwners()).extracting(a -> a.getJid().toString()).containsExactly("crone1@localhost");
                asAdmin.destroy("moderation", null);
                assertThat(org.awaitility.Awaitility.await().until(() -> !mine.isJoined(), b -> b)).isTrue();
            } finally {
                crone.disconnect();
                root.disconnect();
            }
        }
    }
}
