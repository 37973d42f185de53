package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room entity command by command, on Pekko's persistence test kit: events, state, what occupants
 * receive, and recovery. The kit also round-trips every command, event and state through the real
 * serializer (CBOR, elements as XML).
 */
class RoomEntityTest {
    static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
            .withFallback(dev.parley.server.Node.defaults()).resolve());
    static final String ROOM = "coven@conference.localhost";

    EventSourcedBehaviorTestKit<Room.Command, Room.Event, RoomState> room;
    TestProbe<Inbox> crone;
    TestProbe<Inbox> wicca;
    /** The sessions as the room reaches them: on this node, so the room tells them directly. */
    Client croneClient;
    Client wiccaClient;

    @BeforeEach
    void setUp() {
        room = EventSourcedBehaviorTestKit.create(testKit.system(), Room.create(BareJid.of(ROOM), new dev.parley.server.routing.Users(testKit.<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<dev.parley.server.routing.UserSessions.Command>>createTestProbe().ref()), testKit.<RoomDirectory.Command>createTestProbe().ref()));
        crone = testKit.createTestProbe();
        wicca = testKit.createTestProbe();
        TestProbe<NodeDelivery.Command> node = testKit.createTestProbe();
        croneClient = new Client(crone.ref(), 1, node.ref());
        wiccaClient = new Client(wicca.ref(), 2, node.ref());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static Element presence(String from, String nick, String type) {
        return Element.builder("presence", "jabber:client").attribute("from", from).attribute("to", ROOM + "/" + nick)
                .attribute("type", type).add(Element.of("x", "http://jabber.org/protocol/muc")).build();
    }

    static Element instant(String from) {
        return Element.builder("iq", "jabber:client").attribute("from", from).attribute("to", ROOM).attribute("type", "set").attribute("id", "i1")
                .add(Element.builder("query", "http://jabber.org/protocol/muc#owner").add(Element.builder("x", "jabber:x:data")
                        .attribute("type", "submit").build()).build()).build();
    }

    /** Stanzas a probe received in one message (a welcome) and the test has not read yet. */
    private static final java.util.Map<TestProbe<Inbox>, java.util.ArrayDeque<Element>> unread = new java.util.IdentityHashMap<>();

    static Element received(TestProbe<Inbox> probe) {
        java.util.ArrayDeque<Element> queued = unread.computeIfAbsent(probe, p -> new java.util.ArrayDeque<>());
        if (!queued.isEmpty()) return queued.poll();
        Inbox c = probe.receiveMessage();
        while (c instanceof Inbox.RoomAt) c = probe.receiveMessage(); // where the room runs: the session follows it
        if (c instanceof Inbox.Deliver d) return d.stanza();
        if (c instanceof Inbox.DeliverPrepared p) return p.stanza().element(p.to());
        if (c instanceof Inbox.DeliverAll all) {
            for (var s : all.stanzas()) queued.add(s.element(all.to()));
            return queued.poll();
        }
        throw new AssertionError("unexpected " + c);
    }

    /**
     * The occupant's real JID is the one its session stamped and passed along, not a copy parsed from the stamp: on
     * the session's node they share the JID, its parts and their strings (docs/footprint.md, fourteenth pass).
     */
    @Test
    void anOccupantKeepsTheJidItsSessionPassedNotACopyParsedFromTheStamp() {
        var crone1 = (dev.parley.protocol.jid.FullJid) dev.parley.protocol.jid.Jid.of("crone1@localhost/desktop");
        var result = room.runCommand(new Room.Inbound(presence(crone1.toString(), "firstwitch", null), croneClient, false, crone1));
        assertThat(result.state().occupants()).singleElement().satisfies(o -> assertThat(o.realJid()).isSameAs(crone1));
        received(crone);
        room.runCommand(new Room.Inbound(instant(crone1.toString()), croneClient, false, crone1)); // unlocked (§10.1.2)

        // a JID that is not what was stamped is not taken: the stamp is
        var other = (dev.parley.protocol.jid.FullJid) dev.parley.protocol.jid.Jid.of("wiccarocks@localhost/laptop");
        result = room.runCommand(new Room.Inbound(presence("hag66@localhost/pda", "thirdwitch", null), wiccaClient, false, other));
        assertThat(result.state().occupants()).extracting(o -> o.realJid().toString())
                .containsExactlyInAnyOrder("crone1@localhost/desktop", "hag66@localhost/pda");
    }

    @Test
    void theFirstPresenceCreatesALockedRoomOwnedByItsSender_10_1_1() {
        var result = room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        assertThat(result.events()).hasSize(2);
        Room.Created created = (Room.Created) result.events().get(0);
        Room.Entered entered = (Room.Entered) result.events().get(1);
        assertThat(entered.occupant().nick().value()).as("the occupant is written before anyone is told").isEqualTo("firstwitch");
        assertThat(result.state().occupants()).containsExactly(entered.occupant());
        assertThat(created.owner()).isEqualTo("crone1@localhost");
        assertThat(created.secret()).as("the key of the room's occupant ids, XEP-0421").isNotBlank();
        assertThat(result.state().created()).isTrue();
        assertThat(result.state().locked()).isTrue();
        MucUser self = MucUser.fromParent(received(crone));
        assertThat(self.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.ROOM_CREATED_201);
    }

    @Test
    void anInstantRoomUnlocksAndSurvivesRecovery_10_1_2() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        received(crone);
        var result = room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        assertThat(result.events()).containsExactly(new Room.Unlocked());
        assertThat(received(crone).attribute("type")).isEqualTo("result");
        var restarted = room.restart();
        assertThat(restarted.state().created()).isTrue();
        assertThat(restarted.state().locked()).isFalse();
        assertThat(restarted.state().affiliationOf("crone1@localhost")).isEqualTo(dev.parley.protocol.muc.Affiliation.OWNER);
    }

    @Test
    void aLockedRoomRefusesOthersAndChangesNothing_7_2_10() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        received(crone);
        var result = room.runCommand(new Room.Inbound(presence("wiccarocks@localhost/laptop", "secondwitch", null), wiccaClient));
        assertThat(result.events()).isEmpty();
        Stanza error = Stanza.from(received(wicca));
        assertThat(error.error().condition()).isEqualTo(StanzaError.Condition.ITEM_NOT_FOUND);
        assertThat(crone.receiveMessage()).as("where the room runs, after the owner's welcome").isInstanceOf(Inbox.RoomAt.class);
        crone.expectNoMessage();
    }

    @Test
    void onlyTheOwnerConfigures_10_2() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        received(crone);
        var result = room.runCommand(new Room.Inbound(instant("wiccarocks@localhost/laptop"), wiccaClient));
        assertThat(result.events()).isEmpty();
        assertThat(Stanza.from(received(wicca)).error().condition()).isEqualTo(StanzaError.Condition.FORBIDDEN);
    }

    @Test
    void theLastOccupantLeavingEndsATemporaryRoom_10_1() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        var result = room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", "unavailable"), croneClient));
        assertThat(result.events()).containsExactly(new Room.Exited("crone1@localhost/desktop"), new Room.Destroyed());
        assertThat(result.state()).isEqualTo(RoomState.NONE);
        List<Element> got = List.of(received(crone), received(crone), received(crone));
        assertThat(MucUser.fromParent(got.get(2)).statuses()).containsExactly(Status.PRESENCE_TO_SELF_110);
        assertThat(got.get(2).attribute("type")).isEqualTo("unavailable");
    }

    static Element groupchat(String from, String id, String body) {
        return Element.builder("message", "jabber:client").attribute("from", from).attribute("to", ROOM).attribute("type", "groupchat")
                .attribute("id", id).add(Element.builder("body", "jabber:client").text(body).build()).build();
    }

    /** XEP-0313 §3.1: messages are numbered in the order they are written, batch after batch, and keep their numbers on recovery. */
    @Test
    void writtenMessagesAreNumberedInTheRoomsOrder_XEP0313_3_1() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        for (int i = 0; i < 3; i++) room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m" + i, "line " + i), croneClient));
        room.runCommand(Room.Flush.INSTANCE); // (the room flushes by itself too: whichever comes first writes the batch)
        room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m3", "line 3"), croneClient));
        var second = room.runCommand(Room.Flush.INSTANCE);
        assertThat(second.state().history()).extracting(RoomState.StoredMessage::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(second.state().lastPosition()).isEqualTo(4);
        var restarted = room.restart();
        assertThat(restarted.state().history()).extracting(RoomState.StoredMessage::position).containsExactly(1L, 2L, 3L, 4L);
    }

    /**
     * RFC 6120 §10.1 (in-order processing) through a move: sharding dropped crone's m1 in the hand-over, her m2
     * reached the new incarnation first. The room holds m2 until her session has sent again what it had not seen
     * reflected (m1, m2) and says it has caught up (room/CatchUp): everyone hears m1, m2, in order, once.
     */
    @Test
    void aRoomThatCameBackKeepsEachSendersOrderThroughWhatTheMoveLost() {
        croneAndWiccaIn();
        room.restart();
        assertThat(roomAtAfterRestart(crone).back()).as("the room came back: she is to catch up").isTrue();
        assertThat(roomAtAfterRestart(wicca).back()).isTrue();

        var held = room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m2", "line 2"), croneClient));
        assertThat(held.events()).isEmpty();
        room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m1", "line 1"), croneClient, true, null));
        room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m2", "line 2"), croneClient, true, null));
        room.runCommand(new CatchUp.Done(crone.ref()));
        var written = room.runCommand(Room.Flush.INSTANCE);
        assertThat(written.state().history()).extracting(m -> m.message().attribute("id")).containsExactly("m1", "m2");
        assertThat(received(wicca).child("body", "jabber:client").text()).isEqualTo("line 1");
        assertThat(received(wicca).child("body", "jabber:client").text()).isEqualTo("line 2");
        wicca.expectNoMessage(java.time.Duration.ofMillis(200)); // m2, held from its first sending, is not taken twice
    }

    /**
     * A message the shard region dropped in the hand-over comes twice: her session sends it again (it saw no
     * reflection), and the node's redelivery tells the dropped original to the region again (cluster/HandOffRedelivery),
     * here after the session's copy and after the catch-up's time (room/CatchUp). It comes as a copy sent again ({@link Room#sentAgain}):
     * taken once, whichever comes first.
     */
    @Test
    void aMessageTheRegionDroppedInAHandOverIsTakenOnceWhicheverCopyComesFirst() {
        croneAndWiccaIn();
        room.restart();
        roomAtAfterRestart(crone);
        roomAtAfterRestart(wicca);

        room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m1", "line 1"), croneClient, true, null));
        room.runCommand(new CatchUp.Done(crone.ref()));
        room.runCommand(CatchUp.Over.INSTANCE); // the catch-up's time is over: the room holds nothing and skips nothing now
        room.runCommand(Room.Flush.INSTANCE);
        assertThat(received(wicca).child("body", "jabber:client").text()).isEqualTo("line 1");
        var late = room.runCommand(Room.sentAgain(new Room.Inbound(groupchat("crone1@localhost/desktop", "m1", "line 1"), croneClient)));
        assertThat(late.events()).isEmpty();
        var written = room.runCommand(Room.Flush.INSTANCE);
        assertThat(written.state().history()).extracting(m -> m.message().attribute("id")).containsExactly("m1");
        wicca.expectNoMessage(java.time.Duration.ofMillis(200));
        assertThat(Room.sentAgain(Room.Flush.INSTANCE)).as("anything but a stanza goes again as it was").isSameAs(Room.Flush.INSTANCE);
    }

    /**
     * A copy sent again of a message written before gets its sender the reflection the message had: from the occupant
     * JID it was sent as (here before a change of nickname), with the same stanza-id (XEP-0359) and occupant id
     * (XEP-0421); nobody else hears it twice. The room keeps two strings of a reflection for this, not the reflection
     * ({@code RecentMessagesTest}).
     */
    @Test
    void aCopySentAgainOfAWrittenMessageGetsItsSenderTheReflectionItHad() {
        croneAndWiccaIn();
        room.runCommand(new Room.Inbound(groupchat("crone1@localhost/desktop", "m1", "line 1"), croneClient));
        room.runCommand(Room.Flush.INSTANCE);
        Element first = received(crone);
        received(wicca);
        assertThat(first.attribute("from")).isEqualTo(ROOM + "/firstwitch");
        assertThat(first.child("stanza-id", "urn:xmpp:sid:0")).isNotNull();
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "thirdwitch", null), croneClient)); // §7.6
        for (int i = 0; i < 2; i++) received(crone);
        for (int i = 0; i < 2; i++) received(wicca);

        var again = room.runCommand(Room.sentAgain(new Room.Inbound(groupchat("crone1@localhost/desktop", "m1", "line 1"), croneClient)));
        assertThat(again.events()).as("not taken twice").isEmpty();
        Element reflected = received(crone);
        assertThat(reflected.withAttribute("to", null)).isEqualTo(first.withAttribute("to", null));
        assertThat(reflected.attribute("to")).isEqualTo("crone1@localhost/desktop");
        wicca.expectNoMessage(java.time.Duration.ofMillis(200));
    }

    /** Crone makes the room (an instant room) as firstwitch, wicca enters as secondwitch; both have read what that sent them. */
    private void croneAndWiccaIn() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        room.runCommand(new Room.Inbound(presence("wiccarocks@localhost/laptop", "secondwitch", null), wiccaClient));
        for (int i = 0; i < 3; i++) received(crone); // her welcome and result, wicca's arrival
        for (int i = 0; i < 3; i++) received(wicca); // her welcome: crone, herself, the subject
    }

    /** The RoomAt a restarted room sends (the one sent on entering, if not read yet, is skipped). */
    static Inbox.RoomAt roomAtAfterRestart(TestProbe<Inbox> probe) {
        Inbox.RoomAt at = probe.expectMessageClass(Inbox.RoomAt.class);
        return at.back() ? at : probe.expectMessageClass(Inbox.RoomAt.class);
    }

    /** §7.2.8: a second device of the same user under the same nickname is written as itself, and both come back after recovery as one occupant. */
    @Test
    void aSecondDeviceIsWrittenAndComesBackAsTheSameOccupant_7_2_8() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        var entered = room.runCommand(new Room.Inbound(presence("crone1@localhost/phone", "firstwitch", null), wiccaClient));
        Room.Entered second = (Room.Entered) entered.events().get(0);
        assertThat(second.occupant().realJid().toString()).isEqualTo("crone1@localhost/phone");
        assertThat(second.occupant().role()).as("the occupant's role, not a newcomer's").isEqualTo(dev.parley.protocol.muc.Role.MODERATOR);
        assertThat(entered.state().occupants()).hasSize(2);
        var restarted = room.restart();
        assertThat(restarted.state().occupants()).extracting(o -> o.nick().value()).containsExactly("firstwitch", "firstwitch");
        room.runCommand(new CatchUp.Done(crone.ref())); // her session's answer to the room that came back (CatchUp)
        // after recovery, one occupant: leaving from one device keeps it in, the room does not end
        var left = room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", "unavailable"), croneClient));
        assertThat(left.events()).containsExactly(new Room.Exited("crone1@localhost/desktop"));
        assertThat(left.state().created()).isTrue();
    }

    @Test
    void aSessionThatStopsLeavesTheRoom_11_1() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        room.runCommand(new Room.Inbound(presence("wiccarocks@localhost/laptop", "secondwitch", null), wiccaClient));
        received(crone);
        received(crone);
        received(crone); // wicca's arrival
        wicca.stop();
        Element gone = received(crone);
        assertThat(gone.attribute("type")).isEqualTo("unavailable");
        assertThat(gone.attribute("from")).isEqualTo(ROOM + "/secondwitch");
    }

    /**
     * §7.2.2: a newcomer receives every occupant's presence. Each is serialised once for the room and sent to
     * every newcomer as it is (docs/footprint.md: a join storm of N is N serialisations, not N²), and the
     * welcome is one message to the session, in order: the others, the newcomer's own presence, the subject.
     * A room keeps them for a burst of entries from {@link Roster#KEEP_PRESENCES_FROM} occupants on (a smaller
     * one serialises them again: {@code RosterTest.aSmallRoomKeepsNoSerialisedPresences}).
     */
    @Test
    void eachOccupantsPresenceIsSerialisedOnceForEveryNewcomer_7_2_2() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        int attendants = Roster.KEEP_PRESENCES_FROM - 1;
        for (int i = 0; i < attendants; i++) {
            TestProbe<Inbox> attendant = testKit.createTestProbe();
            room.runCommand(new Room.Inbound(presence("attendant" + i + "@localhost/x", "attendant" + i, null), new Client(attendant.ref(), 10 + i, croneClient.node())));
        }
        TestProbe<Inbox> third = testKit.createTestProbe();
        room.runCommand(new Room.Inbound(presence("wiccarocks@localhost/laptop", "secondwitch", null), wiccaClient));
        room.runCommand(new Room.Inbound(presence("hag66@localhost/pda", "thirdwitch", null), new Client(third.ref(), 3, croneClient.node())));
        Inbox.DeliverAll toWicca = welcome(wicca);
        Inbox.DeliverAll toHag = welcome(third);
        assertThat(toWicca.to()).isEqualTo("wiccarocks@localhost/laptop");
        assertThat(toWicca.stanzas()).hasSize(attendants + 3); // firstwitch's presence and the attendants', wicca's own, the subject (§7.2.15)
        assertThat(toHag.stanzas()).hasSize(attendants + 4);
        assertThat(toHag.stanzas().get(0)).as("firstwitch's presence, serialised once").isSameAs(toWicca.stanzas().get(0));
        assertThat(toHag.stanzas().get(0).element(toHag.to()).attribute("from")).isEqualTo(ROOM + "/firstwitch");
        assertThat(toHag.stanzas().get(attendants + 1).element(toHag.to()).attribute("from")).isEqualTo(ROOM + "/secondwitch");
        assertThat(MucUser.fromParent(toHag.stanzas().get(attendants + 2).element(toHag.to())).statuses()).contains(Status.PRESENCE_TO_SELF_110);
        // a change of presence is a new serialisation: nobody gets the old one
        room.runCommand(new Room.Inbound(Element.builder("presence", "jabber:client").attribute("from", "crone1@localhost/desktop")
                .attribute("to", ROOM + "/firstwitch").add(Element.builder("show", "jabber:client").text("away").build()).build(), croneClient));
        TestProbe<Inbox> fourth = testKit.createTestProbe();
        room.runCommand(new Room.Inbound(presence("fourth@localhost/x", "fourthwitch", null), new Client(fourth.ref(), 4, croneClient.node())));
        Inbox.DeliverAll toFourth = welcome(fourth);
        assertThat(toFourth.stanzas().get(0)).isNotSameAs(toWicca.stanzas().get(0));
        assertThat(toFourth.stanzas().get(0).element(toFourth.to()).child("show", "jabber:client")).isNotNull();
    }

    static Inbox.DeliverAll welcome(TestProbe<Inbox> probe) {
        Inbox c = probe.receiveMessage();
        while (!(c instanceof Inbox.DeliverAll)) c = probe.receiveMessage();
        return (Inbox.DeliverAll) c;
    }

    static Element command(String from, String node, String fields) {
        return Element.builder("iq", "jabber:client").attribute("from", from).attribute("to", "conference.localhost").attribute("type", "set")
                .attribute("id", "cmd").add(Element.builder("command", "http://jabber.org/protocol/commands").attribute("node", node).build()).build();
    }

    @Test
    void createWithoutEnteringMakesAConfiguredRoomWithAnAbsentOwner_XEP0050() {
        RoomConfig config = RoomConfig.DEFAULT;
        var result = room.runCommand(new Room.CreateWithoutEntering("crone1@localhost", config, command("crone1@localhost/desktop", "create-room", null), "s1", croneClient));
        assertThat(result.events()).hasSize(2);
        assertThat(result.events().get(1)).isEqualTo(new Room.Configured(config));
        assertThat(result.state().locked()).isFalse();
        assertThat(result.state().affiliationOf("crone1@localhost")).isEqualTo(dev.parley.protocol.muc.Affiliation.OWNER);
        Element answer = received(crone);
        assertThat(answer.attribute("type")).isEqualTo("result");
        assertThat(answer.child("command", "http://jabber.org/protocol/commands").attribute("status")).isEqualTo("completed");
        // a second time: the room exists, nothing changes
        var again = room.runCommand(new Room.CreateWithoutEntering("wiccarocks@localhost", config, command("wiccarocks@localhost/laptop", "create-room", null), "s2", wiccaClient));
        assertThat(again.events()).isEmpty();
        assertThat(Stanza.from(received(wicca)).error().condition()).isEqualTo(StanzaError.Condition.CONFLICT);
    }

    @Test
    void destroyByCommandIsForOwners_XEP0050_and_10_9() {
        room.runCommand(new Room.CreateWithoutEntering("crone1@localhost", RoomConfig.DEFAULT, command("crone1@localhost/desktop", "create-room", null), "s1", croneClient));
        received(crone);
        var refused = room.runCommand(new Room.DestroyByCommand("wiccarocks@localhost", "", command("wiccarocks@localhost/laptop", "destroy-room", null), "s2", wiccaClient));
        assertThat(refused.events()).isEmpty();
        assertThat(Stanza.from(received(wicca)).error().condition()).isEqualTo(StanzaError.Condition.FORBIDDEN);
        var destroyed = room.runCommand(new Room.DestroyByCommand("crone1@localhost", "closing", command("crone1@localhost/desktop", "destroy-room", null), "s3", croneClient));
        assertThat(destroyed.events()).containsExactly(new Room.Destroyed());
        assertThat(destroyed.state()).isEqualTo(RoomState.NONE);
    }

    @Test
    void passivationWaitsForAnEmptyRoom() {
        room.runCommand(new Room.Inbound(presence("crone1@localhost/desktop", "firstwitch", null), croneClient));
        received(crone);
        var occupied = room.runCommand(Room.PassivateIfIdle.INSTANCE);
        assertThat(occupied.events()).isEmpty();
        assertThat(occupied.hasNoEvents()).isTrue();
        // still there: it answers
        room.runCommand(new Room.Inbound(instant("crone1@localhost/desktop"), croneClient));
        assertThat(received(crone).attribute("type")).isEqualTo("result");
    }
}
