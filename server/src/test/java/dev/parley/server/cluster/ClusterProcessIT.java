package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The packaged server as a user runs it: {@code scripts/cluster start 3} starts a PostgreSQL server of its
 * own and three node processes of {@code parley-server.jar} that form one cluster; Smack clients connected
 * to different nodes register, chat, share rooms and see the same directory. Ports are moved by an offset
 * so that a cluster a developer runs on the default ports is not disturbed.
 */
class ClusterProcessIT {
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster("parley-cluster-it", 1000, dev.parley.server.FreePorts.pick());
        String out = cluster.run("scripts/cluster", "start", "3");
        assertThat(out).contains("node 3 ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void disconnect() {
        cluster.disconnectAll();
    }

    static String run(String... args) throws Exception {
        return cluster.run(args);
    }

    XMPPTCPConnection connect(int k, String user, String resource) throws Exception {
        return cluster.connect(k, user, resource);
    }

    XMPPTCPConnection user(int registerOn, int k, String user, String resource) throws Exception {
        return cluster.user(registerOn, k, user, resource);
    }

    @Test
    void threeNodeProcessesServeOneDomain() throws Exception {
        String status = run("scripts/cluster", "status");
        assertThat(status).contains("node 1 pid", "node 2 pid", "node 3 pid").doesNotContain(" down");
        assertThat(status).contains("unreachable: none");
        assertThat(status.lines().filter(l -> l.startsWith("members:")).findFirst().orElseThrow().split("=Up", -1)).hasSize(4);

        // accounts registered on one node log in on another; chat crosses nodes
        XMPPTCPConnection romeo = user(1, 2, "romeo", "balcony");
        XMPPTCPConnection juliet = user(3, 3, "juliet", "garden");
        BlockingQueue<Message> atJuliet = new LinkedBlockingQueue<>();
        juliet.addAsyncStanzaListener(s -> {
            if (s instanceof Message m && m.getBody() != null) atJuliet.add(m);
        }, StanzaTypeFilter.MESSAGE);
        romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to("juliet@localhost").ofType(Message.Type.chat)
                .setBody("But soft, what light through yonder window breaks?").build());
        Message m = atJuliet.poll(15, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.getFrom().toString()).isEqualTo("romeo@localhost/balcony");

        // the same full JID on another node replaces the first session (RFC 6120 §7.7.2.2)
        BlockingQueue<Exception> replaced = new LinkedBlockingQueue<>();
        romeo.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                replaced.add(e);
            }
        });
        XMPPTCPConnection romeoAgain = connect(1, "romeo", "balcony");
        romeoAgain.login();
        Exception e = replaced.poll(15, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(XMPPException.StreamErrorException.class);
        assertThat(((XMPPException.StreamErrorException) e).getStreamError().getCondition()).isEqualTo(StreamError.Condition.conflict);

        // a room shared by clients on the three nodes, an invitation across nodes, the directory on every node
        XMPPTCPConnection mercutio = user(2, 2, "mercutio", "street");
        MultiUserChat atRomeo = MultiUserChatManager.getInstanceFor(romeoAgain).getMultiUserChat(JidCreate.entityBareFrom("verona@conference.localhost"));
        atRomeo.create(Resourcepart.from("romeo")).makeInstant();
        BlockingQueue<String> invited = new LinkedBlockingQueue<>();
        MultiUserChatManager.getInstanceFor(juliet).addInvitationListener((conn, room, inviter, reason, password, message, invitation) ->
                invited.add(room.getRoom().toString()));
        atRomeo.invite(JidCreate.entityBareFrom("juliet@localhost"), "come to Verona");
        assertThat(invited.poll(15, TimeUnit.SECONDS)).isEqualTo("verona@conference.localhost");
        MultiUserChat atJulietRoom = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(JidCreate.entityBareFrom("verona@conference.localhost"));
        atJulietRoom.join(Resourcepart.from("juliet"));
        MultiUserChat atMercutio = MultiUserChatManager.getInstanceFor(mercutio).getMultiUserChat(JidCreate.entityBareFrom("verona@conference.localhost"));
        atMercutio.join(Resourcepart.from("mercutio"));
        BlockingQueue<Message> inRoom = new LinkedBlockingQueue<>();
        atJulietRoom.addMessageListener(x -> {
            if (x.getBody() != null) inRoom.add(x);
        });
        atMercutio.sendMessage("A plague o' both your houses!");
        Message said = inRoom.poll(15, TimeUnit.SECONDS);
        assertThat(said.getFrom().toString()).isEqualTo("verona@conference.localhost/mercutio");
        for (XMPPTCPConnection c : List.of(romeoAgain, juliet, mercutio)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ServiceDiscoveryManager.getInstanceFor(c)
                    .discoverItems(JidCreate.domainBareFrom("conference.localhost")).getItems().stream()
                    .anyMatch(i -> i.getEntityID().toString().equals("verona@conference.localhost")));
        }

        // where the room lives: one of the three nodes, the same answer whichever node is asked
        String where = run("scripts/cluster", "where", "verona@conference.localhost").strip();
        assertThat(where).matches("node [123]");
    }

    static boolean listed(XMPPTCPConnection c, String room) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(c).discoverItems(JidCreate.domainBareFrom("conference.localhost")).getItems().stream()
                .anyMatch(i -> i.getEntityID().toString().equals(room));
    }
}
