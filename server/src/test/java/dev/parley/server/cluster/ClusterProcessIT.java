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
    static final int OFFSET = 1000;
    static final Path REPO = Path.of(System.getProperty("parley.repository", "..")).toAbsolutePath().normalize();
    static Path dir;
    final List<XMPPTCPConnection> open = new ArrayList<>();

    static String run(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(REPO.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PARLEY_CLUSTER_DIR", dir.toString());
        env.put("PARLEY_CLUSTER_PORT_OFFSET", Integer.toString(OFFSET));
        env.put("PARLEY_PG_PORT", "55442");
        env.put("PARLEY_SKIP_BUILD", "1"); // the jar this build just packaged
        env.put("PARLEY_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(240, TimeUnit.SECONDS)) p.destroyForcibly();
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out + logs());
        return out;
    }

    static String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= 3; k++) {
            Path log = dir.resolve("node-" + k + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                b.append("\n--- node ").append(k).append(" ---\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return b.toString();
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-cluster-it");
        String out = run("scripts/cluster", "start", "3");
        assertThat(out).contains("node 3 ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dir == null) return;
        try {
            run("scripts/cluster", "stop");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @AfterEach
    void disconnect() {
        for (XMPPTCPConnection c : open) c.disconnect();
        open.clear();
    }

    static int c2sPort(int k) {
        return 5222 + OFFSET + 10 * (k - 1);
    }

    /** Every node presents the certificate node 1 generated. */
    static X509TrustManager trust() throws Exception {
        return dev.parley.server.NodeFixture.trusting(dir.resolve("node-1/tls/localhost.crt"));
    }

    XMPPTCPConnection connect(int k, String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain("localhost").setHost("127.0.0.1")
                .setPort(c2sPort(k)).setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust())
                .setUsernameAndPassword(user, user + "-pass").setResource(resource).setConnectTimeout(10000).build());
        c.setReplyTimeout(10000);
        open.add(c);
        c.connect();
        return c;
    }

    /** Registers in-band (XEP-0077) on node {@code registerOn}, then logs in on node {@code k}: the accounts are shared. */
    XMPPTCPConnection user(int registerOn, int k, String user, String resource) throws Exception {
        XMPPTCPConnection r = connect(registerOn, user, "register");
        AccountManager am = AccountManager.getInstance(r);
        am.sensitiveOperationOverInsecureConnection(false);
        am.createAccount(Localpart.from(user), user + "-pass");
        r.disconnect();
        open.remove(r);
        XMPPTCPConnection c = connect(k, user, resource);
        c.login();
        org.jivesoftware.smackx.ping.PingManager.getInstanceFor(c).pingMyServer(true);
        return c;
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

        // a node dies (kill -9): the Split Brain Resolver removes it, and the directory forgets the temporary
        // rooms it hosted. Rooms are created by a client on node 1 until one lives on node 3.
        MultiUserChatManager manager = MultiUserChatManager.getInstanceFor(romeoAgain);
        String doomed = null;
        for (int i = 0; i < 30 && doomed == null; i++) {
            String name = "tomb" + i + "@conference.localhost";
            manager.getMultiUserChat(JidCreate.entityBareFrom(name)).create(Resourcepart.from("romeo")).makeInstant();
            if (run("scripts/cluster", "where", name).strip().equals("node 3")) doomed = name;
        }
        assertThat(doomed).as("one of 30 rooms lives on node 3").isNotNull();
        String listedRoom = doomed;
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> listed(romeoAgain, listedRoom));
        run("scripts/cluster", "kill", "3");
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String st = run("scripts/cluster", "status");
            return st.contains("node 3 pid") && st.contains(" down") && st.contains("unreachable: none")
                    && st.lines().filter(l -> l.startsWith("members:")).findFirst().orElse("").split("=Up", -1).length == 3;
        });
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !listed(romeoAgain, listedRoom));
        assertThat(listed(romeoAgain, "verona@conference.localhost") || !where.equals("node 3"))
                .as("a room on a surviving node stays listed").isTrue();
    }

    static boolean listed(XMPPTCPConnection c, String room) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(c).discoverItems(JidCreate.domainBareFrom("conference.localhost")).getItems().stream()
                .anyMatch(i -> i.getEntityID().toString().equals(room));
    }
}
