package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A room outlives the node that hosts it (issue #14), with real node processes, a real PostgreSQL and Smack
 * clients on every node: the host is killed with SIGKILL during a conversation, and later restarted
 * gracefully. The occupants on the other nodes never hear that they left; those of the dead node leave once;
 * no message anyone saw reflected is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverProcessIT {
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster("parley-failover-it", 2000, dev.parley.server.FreePorts.pick());
        assertThat(cluster.run("scripts/cluster", "start", "3")).contains("node 3 ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void disconnect() {
        cluster.disconnectAll();
    }

    /** What a client hears from one room: the bodies of its messages, and each presence as "type nick [status codes]". */
    static final class Ear {
        final Set<String> bodies = ConcurrentHashMap.newKeySet();
        final List<String> bodiesInOrder = new CopyOnWriteArrayList<>();
        final List<String> presences = new CopyOnWriteArrayList<>();

        Ear(XMPPTCPConnection c, String room) {
            c.addSyncStanzaListener(s -> { // in the order received
                if (s instanceof Message m && m.getBody() != null) {
                    bodies.add(m.getBody());
                    bodiesInOrder.add(m.getBody());
                } else if (s instanceof Presence p) {
                    MUCUser x = MUCUser.from(p);
                    String codes = x == null ? "[]" : x.getStatus().stream().map(st -> Integer.toString(st.getCode())).sorted().toList().toString();
                    presences.add(p.getType() + " " + p.getFrom().getResourceOrEmpty() + " " + codes);
                }
            }, s -> s.getFrom() != null && s.getFrom().asBareJid().toString().equals(room));
        }

        long count(String presence) {
            return presences.stream().filter(presence::equals).count();
        }

        /** Presences that told this client it is out of the room (its own unavailable presence, with 110). */
        List<String> toldItLeft() {
            return presences.stream().filter(p -> p.startsWith("unavailable ") && p.contains("110")).toList();
        }
    }

    static MultiUserChat room(XMPPTCPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room));
    }

    /** A temporary room that node {@code host} hosts, created (and entered) by {@code owner} as "romeo". */
    static String roomOn(int host, XMPPTCPConnection owner, String prefix) throws Exception {
        for (int i = 0; i < 40; i++) {
            String name = prefix + i + "@conference.localhost";
            MultiUserChat m = room(owner, name);
            m.create(Resourcepart.from("romeo")).makeInstant();
            if (cluster.hostOf(name) == host) return name;
            m.leave(); // the temporary room ends with its only occupant
        }
        throw new AssertionError("none of 40 rooms lives on node " + host);
    }

    @Test
    @Order(1)
    void aRoomOutlivesTheNodeThatHostedIt_kill9() throws Exception {
        XMPPTCPConnection romeo = cluster.user(1, 1, "montague", "house");
        XMPPTCPConnection mercutio = cluster.user(2, 2, "kinsman", "street");
        // the same user on a surviving node, who sees her other resource come, and go with its node (RFC 6121 §4.5.2)
        XMPPTCPConnection julietElsewhere = cluster.user(3, 1, "capulet", "balcony");
        BlockingQueue<String> julietsResources = new LinkedBlockingQueue<>();
        julietElsewhere.addAsyncStanzaListener(s -> julietsResources.add(((Presence) s).getType() + " " + s.getFrom()),
                s -> s instanceof Presence && s.getFrom() != null && s.getFrom().toString().startsWith("capulet@localhost/"));
        XMPPTCPConnection juliet = cluster.login(3, "capulet", "tomb");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> julietsResources.contains("available capulet@localhost/tomb"));
        String room = roomOn(3, romeo, "crypt");
        // a temporary room whose only occupant is on node 3: it ends with her, and the directory forgets it
        String vault = "vault@conference.localhost";
        room(juliet, vault).create(Resourcepart.from("juliet")).makeInstant();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> listed(romeo, vault) && listed(romeo, room));
        Ear romeoHears = new Ear(romeo, room);
        Ear mercutioHears = new Ear(mercutio, room);
        MultiUserChat atRomeo = room(romeo, room);
        atRomeo.changeSubject("Two households, both alike in dignity");
        atRomeo.grantMembership(JidCreate.entityBareFrom("kinsman@localhost"));
        MultiUserChat atMercutio = room(mercutio, room);
        atMercutio.join(Resourcepart.from("mercutio"));
        MultiUserChat atJuliet = room(juliet, room);
        atJuliet.join(Resourcepart.from("juliet"));
        for (MultiUserChat m : List.of(atRomeo, atMercutio, atJuliet)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> m.getOccupantsCount() == 3);
        }

        // a conversation on three nodes; what anyone sees reflected must outlive the node
        List<String> before = List.of("romeo: what light", "juliet: wherefore art thou", "mercutio: a plague", "romeo: I defy you, stars",
                "juliet: O happy dagger");
        atRomeo.sendMessage(before.get(0));
        atJuliet.sendMessage(before.get(1));
        atMercutio.sendMessage(before.get(2));
        atRomeo.sendMessage(before.get(3));
        atJuliet.sendMessage(before.get(4));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> romeoHears.bodies.containsAll(before) && mercutioHears.bodies.containsAll(before));

        cluster.run("scripts/cluster", "kill", "3");
        long killed = System.nanoTime();
        // romeo speaks until the room, on another node, answers: a message sent while the room had no node
        // is either reflected later or bounced with an error, never lost without a word
        BlockingQueue<Message> romeoErrors = new LinkedBlockingQueue<>();
        romeo.addAsyncStanzaListener(s -> romeoErrors.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        String firstReflected = null;
        long reflectedAfter = 0;
        for (int i = 0; i < 90 && firstReflected == null; i++) {
            String body = "romeo: after " + i;
            atRomeo.sendMessage(body);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> romeoHears.bodies.contains(body));
                firstReflected = body;
                reflectedAfter = System.nanoTime() - killed;
            } catch (ConditionTimeoutException stillAway) {
                // the room has not come back yet
            }
        }
        assertThat(firstReflected).as("the room came back on a surviving node" + cluster.logs()).isNotNull();
        System.out.printf("FAILOVER kill -9 of the room's node to the first reflected message: %d ms%n", TimeUnit.NANOSECONDS.toMillis(reflectedAfter));
        assertThat(cluster.hostOf(room)).isIn(1, 2);

        // the directory: the room that came back is listed, the one that ended with its only occupant is not
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listed(romeo, room) && !listed(romeo, vault));
        // the occupant of the dead node left, once, as if its connection had dropped
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> romeoHears.count("unavailable juliet []") == 1
                && mercutioHears.count("unavailable juliet []") == 1);
        // the occupants of the surviving nodes are still in: never told they left, their messages reflected
        String last = "mercutio: ask for me tomorrow";
        atMercutio.sendMessage(last);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> romeoHears.bodies.contains(last) && mercutioHears.bodies.contains(last));
        assertThat(romeoHears.toldItLeft()).isEmpty();
        assertThat(mercutioHears.toldItLeft()).isEmpty();
        BlockingQueue<Message> privately = new LinkedBlockingQueue<>();
        mercutio.addAsyncStanzaListener(s -> privately.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.chat);
        romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to(room + "/mercutio").ofType(Message.Type.chat).setBody("courage, man").build());
        Message pm = privately.poll(15, TimeUnit.SECONDS);
        assertThat(pm).as("a private message between occupants of surviving nodes (§7.5)").isNotNull();
        assertThat(pm.getFrom().toString()).isEqualTo(room + "/romeo");

        // a newcomer: the survivors' presence, the subject, and the whole conversation in the history
        XMPPTCPConnection benvolio = cluster.user(1, 2, "peacemaker", "square");
        Ear benvolioHears = new Ear(benvolio, room);
        MultiUserChat atBenvolio = room(benvolio, room);
        atBenvolio.join(Resourcepart.from("benvolio"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> benvolioHears.bodies.containsAll(before));
        assertThat(atBenvolio.getOccupants().stream().map(j -> j.getResourceOrEmpty().toString()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("romeo", "mercutio", "benvolio");
        // the subject comes last of a newcomer's welcome, after the history (§7.2.15): it may not be here yet
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "Two households, both alike in dignity".equals(atBenvolio.getSubject()));
        assertThat(atRomeo.getMembers().stream().map(a -> a.getJid().toString()).toList()).as("affiliations outlive the node").contains("kinsman@localhost");
        // every message anyone saw reflected is in the history, in the room's order
        List<String> history = benvolioHears.bodiesInOrder.stream().filter(romeoHears.bodies::contains).toList();
        List<String> roomOrder = romeoHears.bodiesInOrder.stream().filter(before::contains).toList(); // as the room reflected them
        assertThat(history).containsSubsequence(roomOrder);
        for (String seen : romeoHears.bodies) {
            if (seen.startsWith("juliet") || seen.startsWith("romeo: what") || seen.startsWith("mercutio: a")) assertThat(history).contains(seen);
        }
        // what romeo sent while the room was away: reflected, or bounced, never silently dropped
        List<String> sentWhileAway = sentAfter(firstReflected);
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> {
            Set<String> bounced = romeoErrors.stream().map(Message::getBody).collect(Collectors.toSet());
            for (String b : sentWhileAway) if (!romeoHears.bodies.contains(b) && !bounced.contains(b)) return false;
            return true;
        });
        assertThat(romeoHears.count("unavailable juliet []")).as("once").isEqualTo(1);

        // the users' registry: the dead node's session is gone for the user's other resource, and every user,
        // wherever its entry lived, is reachable at the bare JID
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> julietsResources.contains("unavailable capulet@localhost/tomb"));
        BlockingQueue<Message> chats = new LinkedBlockingQueue<>();
        for (XMPPTCPConnection c : List.of(romeo, julietElsewhere, benvolio)) {
            c.addAsyncStanzaListener(x -> chats.add((Message) x), x -> x instanceof Message m && m.getType() == Message.Type.chat && m.getBody() != null
                    && m.getBody().startsWith("still there"));
        }
        BlockingQueue<Message> mercutioErrors = new LinkedBlockingQueue<>();
        mercutio.addAsyncStanzaListener(x -> mercutioErrors.add((Message) x), x -> x instanceof Message m && m.getType() == Message.Type.error);
        for (String to : List.of("montague@localhost", "capulet@localhost", "peacemaker@localhost")) {
            mercutio.sendStanza(mercutio.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody("still there, " + to + "?").build());
        }
        Set<String> got = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            Message m = chats.poll(15, TimeUnit.SECONDS);
            assertThat(m).as("a message to each user's bare JID after the kill; got %s, errors %s", got, mercutioErrors).isNotNull();
            got.add(m.getBody());
        }
        assertThat(got).containsExactlyInAnyOrder("still there, montague@localhost?", "still there, capulet@localhost?", "still there, peacemaker@localhost?");

        // the dead node starts again and joins; the room stays whole
        cluster.run("scripts/cluster", "start-node", "3");
        String again = "romeo: the night is back";
        atRomeo.sendMessage(again);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mercutioHears.bodies.contains(again));
    }

    /** "romeo: after 0" … the first reflected one. */
    static List<String> sentAfter(String firstReflected) {
        int n = Integer.parseInt(firstReflected.substring("romeo: after ".length()));
        return java.util.stream.IntStream.rangeClosed(0, n).mapToObj(i -> "romeo: after " + i).toList();
    }

    @Test
    @Order(2)
    void aNodeThatLeavesHandsItsRoomsOver() throws Exception {
        cluster.run("scripts/cluster", "start-node", "3"); // running already, unless the test before failed early
        XMPPTCPConnection romeo = cluster.login(1, "montague", "house");
        XMPPTCPConnection mercutio = cluster.login(2, "kinsman", "street");
        XMPPTCPConnection juliet = cluster.login(3, "capulet", "tomb");
        String room = roomOn(3, romeo, "ball");
        Ear romeoHears = new Ear(romeo, room);
        Ear mercutioHears = new Ear(mercutio, room);
        MultiUserChat atRomeo = room(romeo, room);
        MultiUserChat atMercutio = room(mercutio, room);
        atMercutio.join(Resourcepart.from("mercutio"));
        room(juliet, room).join(Resourcepart.from("juliet"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> atRomeo.getOccupantsCount() == 3);
        BlockingQueue<Exception> julietClosed = new LinkedBlockingQueue<>();
        juliet.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                julietClosed.add(e);
            }
        });

        // node 3 restarts gracefully while romeo talks: every message reflected, in order, none twice
        Thread restart = new Thread(() -> {
            try {
                cluster.run("scripts/cluster", "restart", "3");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        BlockingQueue<Message> romeoErrors = new LinkedBlockingQueue<>();
        romeo.addAsyncStanzaListener(s -> romeoErrors.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        restart.start();
        List<String> said = new java.util.ArrayList<>();
        for (int i = 0; restart.isAlive() && i < 400; i++) {
            String body = "romeo: dance " + i;
            said.add(body);
            atRomeo.sendMessage(body);
            Thread.sleep(100);
        }
        restart.join(120_000);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mercutioHears.bodies.containsAll(said));
        } catch (ConditionTimeoutException e) {
            List<String> missing = said.stream().filter(b -> !mercutioHears.bodies.contains(b)).toList();
            throw new AssertionError("mercutio never heard " + missing + "; romeo heard them: "
                    + missing.stream().filter(romeoHears.bodies::contains).toList() + "; romeo's errors: "
                    + romeoErrors.stream().map(m -> m.getBody() + " " + m.getError()).toList() + "; romeo's presences: "
                    + romeoHears.presences + "; mercutio's: " + mercutioHears.presences + cluster.logsMentioning(room.substring(0, room.indexOf('@'))), e);
        }
        assertThat(mercutioHears.bodiesInOrder).as("in order, none twice").containsExactlyElementsOf(said);
        assertThat(romeoHears.bodiesInOrder).containsExactlyElementsOf(said);
        assertThat(romeoHears.toldItLeft()).as("no 332, no eviction on a hand-over").isEmpty();
        assertThat(mercutioHears.toldItLeft()).isEmpty();
        // juliet's node left: she was told system-shutdown (RFC 6120 §4.9.3.19), and the others that she left, once
        Exception closed = julietClosed.poll(30, TimeUnit.SECONDS);
        assertThat(closed).isInstanceOf(XMPPException.StreamErrorException.class);
        assertThat(((XMPPException.StreamErrorException) closed).getStreamError().getCondition()).isEqualTo(StreamError.Condition.system_shutdown);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> romeoHears.count("unavailable juliet []") == 1);
        assertThat(cluster.hostOf(room)).isBetween(1, 3);
    }

    @Test
    @Order(3)
    void aFrozenNodeWakesUpDownedAndServesNothing() throws Exception {
        cluster.run("scripts/cluster", "start-node", "3");
        XMPPTCPConnection romeo = cluster.login(1, "montague", "house");
        XMPPTCPConnection mercutio = cluster.login(2, "kinsman", "street");
        XMPPTCPConnection juliet = cluster.login(3, "capulet", "tomb");
        String room = roomOn(3, romeo, "masque");
        Ear romeoHears = new Ear(romeo, room);
        Ear mercutioHears = new Ear(mercutio, room);
        MultiUserChat atRomeo = room(romeo, room);
        room(mercutio, room).join(Resourcepart.from("mercutio"));
        MultiUserChat atJuliet = room(juliet, room);
        atJuliet.join(Resourcepart.from("juliet"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> atRomeo.getOccupantsCount() == 3);
        BlockingQueue<String> julietClosed = new LinkedBlockingQueue<>();
        juliet.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                julietClosed.add("closed");
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                julietClosed.add("closed on error");
            }
        });

        // node 3 freezes for longer than the others wait: they down it and run the room
        cluster.run("scripts/cluster", "pause", "3");
        boolean back = false;
        for (int i = 0; i < 90 && !back; i++) {
            String body = "romeo: is she asleep " + i;
            atRomeo.sendMessage(body);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> mercutioHears.bodies.contains(body));
                back = true;
            } catch (ConditionTimeoutException stillAway) {
                // not yet
            }
        }
        assertThat(back).as("the room runs on a surviving node" + cluster.logs()).isTrue();
        assertThat(cluster.hostOf(room)).isIn(1, 2);

        // juliet speaks into her frozen node (her bytes wait in its socket), and then it wakes
        atJuliet.sendMessage("juliet: I dreamt a dream");
        cluster.run("scripts/cluster", "resume", "3");
        // it must not serve: its clients are let go, and it leaves
        assertThat(julietClosed.poll(60, TimeUnit.SECONDS)).as("the woken node let go of its client").isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> !cluster.processAlive(3));
        String after = "romeo: she sleeps";
        atRomeo.sendMessage(after);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> mercutioHears.bodies.contains(after));
        assertThat(romeoHears.bodies).as("the stale copy reflected nothing").doesNotContain("juliet: I dreamt a dream");
        assertThat(mercutioHears.bodies).doesNotContain("juliet: I dreamt a dream");
        assertThat(romeoHears.toldItLeft()).isEmpty();
        assertThat(mercutioHears.toldItLeft()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> romeoHears.count("unavailable juliet []") == 1);
        String log = java.nio.file.Files.readString(cluster.dir.resolve("node-3.log"));
        assertThat(log.substring(log.lastIndexOf("=== node 3 starting"))).as("node 3 knew it must stop serving")
                .containsPattern("frozen for|downed by the cluster");
        cluster.run("scripts/cluster", "start-node", "3");
    }

    /**
     * One client that stays in a room through restarts: when its node goes, it connects to the next node and
     * enters again (without history). What it hears live is kept per connection ("epoch").
     */
    static final class Member {
        final String user;
        final String nick;
        final String room;
        int node;
        volatile XMPPTCPConnection connection;
        volatile MultiUserChat muc;
        final List<List<Integer>> epochs = new CopyOnWriteArrayList<>();
        final Set<Integer> reflectedOwn = ConcurrentHashMap.newKeySet();
        final Set<Integer> bounced = ConcurrentHashMap.newKeySet();
        private int attempts;

        Member(String user, String nick, String room, int node) {
            this.user = user;
            this.nick = nick;
            this.room = room;
            this.node = node;
        }

        boolean connected() {
            XMPPTCPConnection c = connection;
            return c != null && c.isConnected() && c.isAuthenticated() && muc != null && muc.isJoined();
        }

        /** Connects to its node, or the next ones, and enters the room; a new epoch begins. */
        void enter() throws Exception {
            Exception last = null;
            for (int attempt = 0; attempt < 30; attempt++) {
                try {
                    XMPPTCPConnection c = cluster.login(node, user, "r" + (++attempts));
                    List<Integer> epoch = new CopyOnWriteArrayList<>();
                    c.addSyncStanzaListener(x -> {
                        Message m = (Message) x;
                        if (m.getBody() == null || !m.getBody().startsWith("seq ")) return;
                        int seq = Integer.parseInt(m.getBody().substring(4));
                        if (m.getType() == Message.Type.error) {
                            bounced.add(seq);
                        } else if (m.getExtension(org.jivesoftware.smackx.delay.packet.DelayInformation.class) == null) {
                            epoch.add(seq);
                            if (m.getFrom().getResourceOrEmpty().toString().equals(nick)) reflectedOwn.add(seq);
                        }
                    }, x -> x instanceof Message && x.getFrom() != null && x.getFrom().asBareJid().toString().equals(room));
                    MultiUserChat m = room(c, room);
                    m.join(m.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory().build());
                    epochs.add(epoch);
                    connection = c;
                    muc = m;
                    return;
                } catch (Exception unreachable) {
                    last = unreachable;
                    node = node % 3 + 1; // that node is away: the next one
                    Thread.sleep(500);
                }
            }
            throw new AssertionError(user + " found no node to enter " + room + " through", last);
        }
    }

    @Test
    @Order(4)
    void aRollingRestartUnderAMessageFlowLosesAndRepeatsNothing() throws Exception {
        cluster.run("scripts/cluster", "start-node", "3");
        XMPPTCPConnection owner = cluster.login(1, "montague", "house");
        MultiUserChat created = room(owner, "rolling@conference.localhost");
        // persistent: in a rolling restart the members may all end up on the node that restarts last, and leave together
        created.create(Resourcepart.from("romeo"));
        var form = created.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_persistentroom", true);
        created.sendConfigurationForm(form);
        String room = "rolling@conference.localhost";
        Member speaker = new Member("kinsman", "mercutio", room, 2);
        List<Member> listeners = List.of(new Member("capulet", "juliet", room, 3), new Member("peacemaker", "benvolio", room, 1));
        speaker.enter();
        for (Member m : listeners) m.enter();

        Thread restart = new Thread(() -> {
            try {
                cluster.run("scripts/cluster", "rolling-restart");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        restart.start();
        int seq = 0;
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        // without stream management (XEP-0198) a client cannot know what the server read of a connection that
        // closed under it: what the speaker sent in its connection's last 2 s may be gone with it
        Set<Integer> maybeUnread = new java.util.HashSet<>();
        java.util.Map<Integer, Long> sentAt = new java.util.HashMap<>();
        while ((restart.isAlive() || seq < 20) && System.nanoTime() < until) {
            if (!speaker.connected()) {
                long now = System.nanoTime();
                sentAt.forEach((i, t) -> {
                    if (now - t < TimeUnit.SECONDS.toNanos(2)) maybeUnread.add(i);
                });
                speaker.enter();
            }
            for (Member m : listeners) if (!m.connected()) m.enter();
            try {
                sentAt.put(seq, System.nanoTime());
                speaker.muc.sendMessage("seq " + seq);
                seq++;
            } catch (Exception lostConnection) {
                // entered again on the next turn
            }
            Thread.sleep(100);
        }
        restart.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(restart.isAlive()).isFalse();
        int sent = seq;
        // every message reached the room and came back, or was bounced (sent into a connection that was closing)
        java.util.function.Supplier<List<Integer>> unanswered = () -> java.util.stream.IntStream.range(0, sent).filter(i -> !maybeUnread.contains(i)
                && !speaker.reflectedOwn.contains(i) && !speaker.bounced.contains(i) && !anyoneHeard(listeners, i)).boxed().toList();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> unanswered.get().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("unanswered " + unanswered.get() + " of " + sent + "; maybe unread " + maybeUnread + "; bounced " + speaker.bounced
                    + "; speaker epochs " + speaker.epochs + "; listeners " + listeners.stream().map(m -> m.epochs).toList(), e);
        }
        Set<Integer> inRoom = new java.util.HashSet<>(speaker.reflectedOwn);
        for (Member m : listeners) for (List<Integer> e : m.epochs) inRoom.addAll(e);
        for (Member m : listeners) {
            for (List<Integer> epoch : m.epochs) {
                if (epoch.isEmpty()) continue;
                assertThat(epoch).as("%s: in order, none twice", m.user).isSorted().doesNotHaveDuplicates();
                int first = epoch.get(0);
                int last = epoch.get(epoch.size() - 1);
                for (int i = first; i <= last; i++) {
                    if (inRoom.contains(i)) assertThat(epoch).as("%s heard every message of the room while it was in", m.user).contains(i);
                }
            }
        }
        System.out.printf("ROLLING RESTART sent %d, in the room %d, bounced %d, sent into a closing connection %d, connections per listener %s%n",
                sent, inRoom.size(), speaker.bounced.size(), maybeUnread.size(), listeners.stream().map(m -> m.epochs.size()).toList());
    }

    static boolean anyoneHeard(List<Member> members, int seq) {
        for (Member m : members) for (List<Integer> e : m.epochs) if (e.contains(seq)) return true;
        return false;
    }

    static boolean listed(XMPPTCPConnection c, String room) throws Exception {
        return org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(c).discoverItems(JidCreate.domainBareFrom("conference.localhost"))
                .getItems().stream().anyMatch(i -> i.getEntityID().toString().equals(room));
    }
}
