package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * One XMPP service on three nodes (in one JVM, every actor message serialised): users connected to
 * different nodes chat, see their own resources, never share a full JID, and share rooms with every
 * XEP-0045 feature; a broadcast crosses to each other node once.
 */
class MultiNodeTest {
    static ClusterFixture cluster;
    final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterFixture(3);
        for (String u : List.of("alice", "bob", "carol", "dave", "crone1", "wiccarocks", "hag66", "eve", "u1", "u2", "u3", "u4", "u5")) {
            cluster.node(1).addUser(u, u + "-pass");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @AfterEach
    void disconnect() {
        for (XMPPTCPConnection c : open) c.disconnect();
        open.clear();
    }

    /** {@code user} logged in on node {@code k} (1-based), its initial presence registered cluster-wide. */
    XMPPTCPConnection login(int k, String user, String resource) throws Exception {
        XMPPTCPConnection c = cluster.node(k).login(user, user + "-pass", resource);
        open.add(c);
        return c;
    }

    /** A service-wide ban made on one node holds on every node (the bans live in the shared account database). */
    @Test
    void aServiceBanMadeOnOneNodeHoldsOnEveryNode() throws Exception {
        dev.parley.protocol.jid.Jid eve = dev.parley.protocol.jid.Jid.of("eve@localhost/phone");
        var here = dev.parley.server.room.ServiceBans.get(cluster.node(1).node.system());
        var there = dev.parley.server.room.ServiceBans.get(cluster.node(3).node.system());
        here.ban("eve@localhost", "spam", "root@localhost").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(here.banned(eve)).as("at once where it was made").isTrue();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> there.banned(eve));
        here.unban("eve@localhost").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !there.banned(eve));
    }

    static EntityBareJid room(String name) throws Exception {
        return JidCreate.entityBareFrom(name + "@conference.localhost");
    }

    static BlockingQueue<Message> bodies(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> {
            if (s instanceof Message m && m.getBody() != null) q.add(m);
        }, StanzaTypeFilter.MESSAGE);
        return q;
    }

    /**
     * XEP-0045 §7.2.8 and XEP-0313 across the cluster: one user's devices on two nodes are one occupant, each device
     * receives the room's messages, and the room's archive answers a client on any node.
     */
    @Test
    void devicesOnTwoNodesAreOneOccupantAndTheArchiveAnswersAnywhere() throws Exception {
        XMPPTCPConnection crone = login(1, "crone1", "desktop");
        XMPPTCPConnection phone = login(2, "hag66", "phone");
        XMPPTCPConnection laptop = login(3, "hag66", "laptop");
        MultiUserChat owner = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(room("annals"));
        owner.create(Resourcepart.from("firstwitch"));
        var form = owner.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_persistentroom", true);
        owner.sendConfigurationForm(form);
        MultiUserChat onPhone = MultiUserChatManager.getInstanceFor(phone).getMultiUserChat(room("annals"));
        MultiUserChat onLaptop = MultiUserChatManager.getInstanceFor(laptop).getMultiUserChat(room("annals"));
        onPhone.join(Resourcepart.from("oldhag"));
        onLaptop.join(Resourcepart.from("oldhag"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> owner.getOccupantsCount() == 2);
        BlockingQueue<Message> atPhone = inOrder(phone); // (Smack's asynchronous listeners may run out of order)
        BlockingQueue<Message> atLaptop = inOrder(laptop);
        for (int i = 0; i < 8; i++) owner.sendMessage("line " + i);
        for (int i = 0; i < 8; i++) {
            assertThat(atPhone.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("line " + i);
            assertThat(atLaptop.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("line " + i);
        }
        onLaptop.sendMessage("from the laptop");
        assertThat(atPhone.poll(10, TimeUnit.SECONDS).getFrom().toString()).isEqualTo(room("annals") + "/oldhag");
        assertThat(owner.getOccupantsCount()).as("still one occupant for two devices").isEqualTo(2);
        var mam = org.jivesoftware.smackx.mam.MamManager.getInstanceFor(onLaptop);
        assertThat(mam.isSupported()).isTrue();
        var recent = mam.queryMostRecentPage(null, 3);
        assertThat(recent.getMessages().stream().map(Message::getBody).toList()).containsExactly("line 6", "line 7", "from the laptop");
        onPhone.leave();
        assertThat(owner.getOccupantsCount()).as("the laptop is still in").isEqualTo(2);
        onLaptop.leave();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> owner.getOccupantsCount() == 1);
    }

    /** The messages with a body {@code c} receives, in the order received (a synchronous listener). */
    static BlockingQueue<Message> inOrder(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> {
            if (s instanceof Message m && m.getBody() != null) q.add(m);
        }, StanzaTypeFilter.MESSAGE);
        return q;
    }

    @Test
    void usersOnDifferentNodesChat_RFC6121_8_5() throws Exception {
        XMPPTCPConnection alice = login(1, "alice", "desktop");
        XMPPTCPConnection bob = login(2, "bob", "laptop");
        BlockingQueue<Message> atBob = bodies(bob);
        BlockingQueue<Message> atAlice = bodies(alice);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost").ofType(Message.Type.chat).setBody("across the cluster").build());
        Message got = atBob.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("a message to the bare JID of a user on another node (§8.5.2.1.1)").isNotNull();
        assertThat(got.getBody()).isEqualTo("across the cluster");
        assertThat(got.getFrom().toString()).isEqualTo("alice@localhost/desktop");
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to("alice@localhost/desktop").ofType(Message.Type.chat).setBody("and back").build());
        assertThat(atAlice.poll(10, TimeUnit.SECONDS).getBody()).as("to a full JID on another node (§8.5.3.1)").isEqualTo("and back");
        // an IQ to a resource that is not there: service-unavailable, from wherever the user's entry lives (§8.5.3.2.3)
        var ping = new org.jivesoftware.smackx.ping.packet.Ping(JidCreate.entityFullFrom("bob@localhost/nowhere"));
        // Bob's entry may have just moved (shards rebalance while the nodes of this fixture join): a new entry holds
        // a stanza for a resource it does not know yet for UserSessions.SETTLE (5 s) before it answers, in case the
        // resource binds again (its design, README "offline users get their bounce 5 s late"). Smack's reply timeout
        // here was 5 s too, and the answer could come just after it (seen once, 2026-12-02): wait longer than SETTLE.
        alice.setReplyTimeout(dev.parley.server.routing.UserSessions.SETTLE.toMillis() + 10_000);
        try {
            alice.sendIqRequestAndWaitForResponse(ping);
            throw new AssertionError("the ping to a missing resource was answered");
        } catch (XMPPException.XMPPErrorException e) {
            assertThat(e.getStanzaError().getCondition().toString()).isEqualTo("service-unavailable");
        }
    }

    @Test
    void aUserSeesItsOwnResourcesOnOtherNodes_RFC6121_4_2_2() throws Exception {
        XMPPTCPConnection desktop = login(1, "carol", "desktop");
        BlockingQueue<Presence> atDesktop = new LinkedBlockingQueue<>();
        desktop.addAsyncStanzaListener(s -> atDesktop.add((Presence) s), StanzaTypeFilter.PRESENCE);
        XMPPTCPConnection phone = login(3, "carol", "phone");
        Presence p = atDesktop.poll(10, TimeUnit.SECONDS);
        assertThat(p).as("the phone's initial presence reaches the desktop on another node").isNotNull();
        assertThat(p.getFrom().toString()).isEqualTo("carol@localhost/phone");
        assertThat(p.getType()).isEqualTo(Presence.Type.available);
        phone.disconnect();
        Presence gone = atDesktop.poll(10, TimeUnit.SECONDS);
        assertThat(gone.getFrom().toString()).isEqualTo("carol@localhost/phone");
        assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);
    }

    @Test
    void aFullJidIsNeverBoundTwiceInTheCluster_RFC6120_7_7_2_2() throws Exception {
        XMPPTCPConnection first = login(1, "dave", "desktop");
        BlockingQueue<Exception> closed = new LinkedBlockingQueue<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.add(e);
            }
        });
        XMPPTCPConnection second = login(2, "dave", "desktop");
        Exception e = closed.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("the old session, on another node, is replaced").isInstanceOf(XMPPException.StreamErrorException.class);
        assertThat(((XMPPException.StreamErrorException) e).getStreamError().getCondition()).isEqualTo(StreamError.Condition.conflict);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getUser().toString()).isEqualTo("dave@localhost/desktop");
    }

    /**
     * A user's entry stops while it holds resources (its shard moves to another node, a bind raced its
     * passivation, its node was lost): each session watches the entry that holds its resource and binds again
     * in the next incarnation, with its presence, so the user stays reachable at the bare JID.
     */
    @Test
    void aUsersEntryThatStopsIsRebuiltByItsSessions() throws Exception {
        XMPPTCPConnection eve = login(2, "eve", "tablet");
        XMPPTCPConnection alice = login(3, "alice", "desktop");
        BlockingQueue<Message> atEve = bodies(eve);
        var system = cluster.node(1).node.system();
        org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system)
                .entityRefFor(dev.parley.server.routing.UserSessions.ENTITY_TYPE_KEY, "eve@localhost")
                .tell(dev.parley.server.routing.UserSessions.Stop.INSTANCE);
        // sent while the entry stops: the old entry delivers it, or the new one holds it until eve's session has
        // bound again (UserSessions.SETTLE); never bounced to a user who stayed online (RFC 6121 §8.5.2.1.1)
        BlockingQueue<Message> bounced = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> bounced.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("eve@localhost").ofType(Message.Type.chat).setBody("still there?").build());
        Message m = atEve.poll(15, TimeUnit.SECONDS);
        assertThat(m).as("delivered; bounced: %s", bounced).isNotNull();
        assertThat(m.getBody()).isEqualTo("still there?");
        // and the entry has eve again: the next message goes straight through
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("eve@localhost").ofType(Message.Type.chat).setBody("good").build());
        assertThat(atEve.poll(15, TimeUnit.SECONDS).getBody()).isEqualTo("good");
        assertThat(bounced).isEmpty();
        assertThat(eve.isConnected()).as("not told it was replaced").isTrue();
    }

    /**
     * A new entry holds what finds no resource for {@link dev.parley.server.routing.UserSessions#SETTLE} (its sessions
     * may be binding again); a user who has no session at all still gets the sender an error (RFC 6121 §8.5.2.1.1).
     */
    @Test
    void aMessageToAUserWithNoSessionIsBouncedOnceTheEntrySettles() throws Exception {
        XMPPTCPConnection alice = login(2, "alice", "phone");
        BlockingQueue<Message> bounced = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> bounced.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("rosaline@localhost").ofType(Message.Type.chat).setBody("anyone?").build());
        Message e = bounced.poll(20, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.getError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.service_unavailable);
        assertThat(e.getFrom().toString()).isEqualTo("rosaline@localhost");
        assertThat(e.getBody()).isEqualTo("anyone?");
    }

    @Test
    void aRoomIsSharedByClientsOnThreeNodes() throws Exception {
        XMPPTCPConnection crone = login(1, "crone1", "desktop");
        XMPPTCPConnection wicca = login(2, "wiccarocks", "laptop");
        XMPPTCPConnection hag = login(3, "hag66", "pda");
        XMPPTCPConnection eve = login(2, "eve", "phone");
        MultiUserChat atCrone = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(room("heath"));
        atCrone.create(Resourcepart.from("firstwitch")).makeInstant();
        MultiUserChat atWicca = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(room("heath"));
        atWicca.join(Resourcepart.from("secondwitch"));
        MultiUserChat atHag = MultiUserChatManager.getInstanceFor(hag).getMultiUserChat(room("heath"));
        atHag.join(Resourcepart.from("thirdwitch"));
        for (MultiUserChat m : List.of(atCrone, atWicca, atHag)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> m.getOccupantsCount() == 3);
        }

        // §7.4: a message to all reaches every node, the sender's included
        BlockingQueue<Message> toCrone = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toWicca = new LinkedBlockingQueue<>();
        atCrone.addMessageListener(m -> {
            if (m.getBody() != null) toCrone.add(m);
        });
        atWicca.addMessageListener(m -> {
            if (m.getBody() != null) toWicca.add(m);
        });
        atHag.sendMessage("When shall we three meet again?");
        assertThat(toCrone.poll(10, TimeUnit.SECONDS).getFrom().toString()).isEqualTo("heath@conference.localhost/thirdwitch");
        assertThat(toWicca.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("When shall we three meet again?");

        // §7.5: a private message between occupants on nodes 1 and 3 (type chat: hag's own groupchat reflection may still be on its way)
        BlockingQueue<Message> atHagDirect = new LinkedBlockingQueue<>();
        hag.addAsyncStanzaListener(s -> atHagDirect.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.chat);
        crone.sendStanza(crone.getStanzaFactory().buildMessageStanza().to("heath@conference.localhost/thirdwitch").ofType(Message.Type.chat)
                .setBody("In thunder, lightning, or in rain?").build());
        Message pm = atHagDirect.poll(10, TimeUnit.SECONDS);
        assertThat(pm.getFrom().toString()).isEqualTo("heath@conference.localhost/firstwitch");
        assertThat(pm.getBody()).isEqualTo("In thunder, lightning, or in rain?");

        // §7.6: a nickname change on node 2, seen on node 1
        BlockingQueue<String> renames = new LinkedBlockingQueue<>();
        atCrone.addParticipantStatusListener(new ParticipantStatusListener() {
            @Override
            public void nicknameChanged(org.jxmpp.jid.EntityFullJid participant, Resourcepart newNickname) {
                renames.add(participant.getResourcepart() + "->" + newNickname);
            }
        });
        atWicca.changeNickname(Resourcepart.from("oldhag"));
        assertThat(renames.poll(10, TimeUnit.SECONDS)).isEqualTo("secondwitch->oldhag");

        // §7.8.2: an invitation to a user on another node than the inviter's and the room's
        BlockingQueue<String> invitations = new LinkedBlockingQueue<>();
        MultiUserChatManager.getInstanceFor(eve).addInvitationListener((conn, r, inviter, reason, password, message, invitation) ->
                invitations.add(r.getRoom() + " from " + inviter));
        atCrone.invite(JidCreate.entityBareFrom("eve@localhost"), "Upon the heath");
        assertThat(invitations.poll(10, TimeUnit.SECONDS)).isEqualTo("heath@conference.localhost from crone1@localhost/desktop");

        // §6.3: the service lists the room on every node
        for (XMPPTCPConnection c : List.of(crone, wicca, hag)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ServiceDiscoveryManager.getInstanceFor(c)
                    .discoverItems(JidCreate.domainBareFrom("conference.localhost")).getItems().stream()
                    .anyMatch(i -> i.getEntityID().toString().equals("heath@conference.localhost")));
        }

        // §8.2: a kick by a moderator on node 1 of an occupant on node 3
        BlockingQueue<String> kicked = new LinkedBlockingQueue<>();
        atHag.addUserStatusListener(new UserStatusListener() {
            @Override
            public void kicked(org.jxmpp.jid.Jid actor, String reason) {
                kicked.add(reason);
            }
        });
        atCrone.kickParticipant(Resourcepart.from("thirdwitch"), "Avaunt!");
        assertThat(kicked.poll(10, TimeUnit.SECONDS)).isEqualTo("Avaunt!");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> atWicca.getOccupantsCount() == 2);

        // §9.1: a ban; the banned user cannot come back, from any node
        atCrone.banUser(JidCreate.entityBareFrom("hag66@localhost"), "Begone");
        XMPPTCPConnection hagElsewhere = login(1, "hag66", "other");
        MultiUserChat again = MultiUserChatManager.getInstanceFor(hagElsewhere).getMultiUserChat(room("heath"));
        try {
            again.join(Resourcepart.from("thirdwitch"));
            throw new AssertionError("a banned user entered");
        } catch (XMPPException.XMPPErrorException e) {
            assertThat(e.getStanzaError().getCondition().toString()).isEqualTo("forbidden"); // §7.2.7
        }
    }

    @Test
    void aVoiceRequestIsApprovedAcrossNodes_7_13_and_8_6() throws Exception {
        XMPPTCPConnection owner = login(1, "u1", "a");
        XMPPTCPConnection visitor = login(3, "u2", "b");
        MultiUserChat atOwner = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(room("moderated"));
        var form = atOwner.create(Resourcepart.from("owner")).getConfigFormManager();
        form.makeModerated().submitConfigurationForm();
        MultiUserChat atVisitor = MultiUserChatManager.getInstanceFor(visitor).getMultiUserChat(room("moderated"));
        atVisitor.join(Resourcepart.from("visitor"));
        BlockingQueue<Message> requests = new LinkedBlockingQueue<>();
        owner.addAsyncStanzaListener(s -> requests.add((Message) s), st -> st instanceof Message m
                && m.getExtension(org.jivesoftware.smackx.xdata.packet.DataForm.class) != null);
        atVisitor.requestVoice();
        Message request = requests.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("the moderator on node 1 gets the visitor's request (§7.13)").isNotNull();
        BlockingQueue<String> voiced = new LinkedBlockingQueue<>();
        atVisitor.addUserStatusListener(new UserStatusListener() {
            @Override
            public void voiceGranted() {
                voiced.add("voice");
            }
        });
        atOwner.grantVoice(Resourcepart.from("visitor"));
        assertThat(voiced.poll(10, TimeUnit.SECONDS)).isEqualTo("voice");
    }

    @Test
    void aBroadcastCrossesToEachOtherNodeOnce() throws Exception {
        XMPPTCPConnection sender = login(1, "u3", "a");
        MultiUserChat atSender = MultiUserChatManager.getInstanceFor(sender).getMultiUserChat(room("cauldron"));
        atSender.create(Resourcepart.from("n0")).makeInstant();
        List<BlockingQueue<Message>> inboxes = new ArrayList<>();
        List<MultiUserChat> views = new ArrayList<>(List.of(atSender));
        int[] nodeOf = {2, 2, 3, 3};
        String[] users = {"u4", "u5", "alice", "bob"};
        int[] perNode = new int[4];
        for (int i = 0; i < users.length; i++) {
            XMPPTCPConnection c = login(nodeOf[i], users[i], "fan");
            MultiUserChat m = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room("cauldron"));
            m.join(Resourcepart.from("n" + (i + 1)));
            views.add(m);
            BlockingQueue<Message> q = new LinkedBlockingQueue<>();
            m.addMessageListener(msg -> {
                if (msg.getBody() != null) q.add(msg);
            });
            inboxes.add(q);
            perNode[nodeOf[i]]++;
        }
        // every join's presence has reached every node before the counting starts
        for (MultiUserChat v : views) Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> v.getOccupantsCount() == 5);
        int host = cluster.hostOf("cauldron@conference.localhost");
        assertThat(host).isBetween(1, 3);
        long[] fanOuts = new long[4];
        long[] deliveries = new long[4];
        for (int k = 1; k <= 3; k++) {
            fanOuts[k] = cluster.node(k).node.deliveries().fanOuts.sum();
            deliveries[k] = cluster.node(k).node.deliveries().deliveries.sum();
        }
        int messages = 10;
        BlockingQueue<Message> reflections = new LinkedBlockingQueue<>();
        atSender.addMessageListener(msg -> {
            if (msg.getBody() != null) reflections.add(msg);
        });
        inboxes.add(reflections); // the sender's node counts its reflections too: they must have arrived before the counters are read
        for (int i = 0; i < messages; i++) atSender.sendMessage("stir " + i);
        for (BlockingQueue<Message> q : inboxes) {
            for (int i = 0; i < messages; i++) {
                Message m = q.poll(10, TimeUnit.SECONDS);
                assertThat(m.getBody()).as("in the room's order").isEqualTo("stir " + i);
            }
        }
        perNode[1]++; // the sender's reflection
        for (int k = 1; k <= 3; k++) {
            long crossed = cluster.node(k).node.deliveries().fanOuts.sum() - fanOuts[k];
            long delivered = cluster.node(k).node.deliveries().deliveries.sum() - deliveries[k];
            if (k == host) {
                assertThat(crossed).as("node %d hosts the room: its occupants are told directly", k).isZero();
            } else {
                assertThat(crossed).as("node %d: one fan-out per message, whatever its number of occupants", k).isEqualTo(messages);
                assertThat(delivered).as("node %d: each of its occupants gets each message", k).isEqualTo((long) messages * perNode[k]);
            }
        }
    }
}
