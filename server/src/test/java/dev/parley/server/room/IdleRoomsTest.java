package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.parley.protocol.jid.BareJid;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.awaitility.Awaitility;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node's list of idle rooms: by time, by count, the longest idle first, and nobody asked twice. */
class IdleRoomsTest {
    static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
            .withFallback(dev.parley.server.Node.defaults()).resolve());

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static final Duration AFTER = Duration.ofMinutes(2);

    @Test
    void aRoomIdleLongEnoughIsAskedToGoOnceAndTheOthersStay() {
        IdleRooms list = new IdleRooms(AFTER, 1000);
        TestProbe<Room.Command> first = testKit.createTestProbe();
        TestProbe<Room.Command> second = testKit.createTestProbe();
        list.add(first.ref());
        long between = System.nanoTime();
        list.add(second.ref());
        list.add(first.ref()); // idle still: it keeps its place, and its time

        list.expire(between + AFTER.toNanos());
        first.expectMessage(Room.PassivateIfIdle.INSTANCE);
        second.expectNoMessage(Duration.ofMillis(100));
        assertThat(list.contains(first.ref())).isFalse();
        assertThat(list.contains(second.ref())).isTrue();

        list.expire(between + AFTER.toNanos()); // asked once, not at every look
        first.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aRoomWithOccupantsAgainLeavesTheList() {
        IdleRooms list = new IdleRooms(AFTER, 1000);
        TestProbe<Room.Command> room = testKit.createTestProbe();
        list.add(room.ref());
        list.remove(room.ref());
        list.expire(System.nanoTime() + AFTER.toNanos());
        room.expectNoMessage(Duration.ofMillis(100));
        assertThat(list.size()).isZero();
    }

    @Test
    void overTheBoundTheRoomIdleLongestIsAskedAtOnce() {
        IdleRooms list = new IdleRooms(AFTER, 2);
        TestProbe<Room.Command> a = testKit.createTestProbe();
        TestProbe<Room.Command> b = testKit.createTestProbe();
        TestProbe<Room.Command> c = testKit.createTestProbe();
        list.add(a.ref());
        list.add(b.ref());
        a.expectNoMessage(Duration.ofMillis(50));
        list.add(c.ref());
        a.expectMessage(Room.PassivateIfIdle.INSTANCE);
        b.expectNoMessage(Duration.ofMillis(50));
        c.expectNoMessage(Duration.ofMillis(50));
        assertThat(list.size()).isEqualTo(2);
    }

    @Test
    void withNoneKeptARoomIsAskedAsSoonAsItIsIdle() {
        IdleRooms list = new IdleRooms(AFTER, 0);
        TestProbe<Room.Command> room = testKit.createTestProbe();
        list.add(room.ref());
        room.expectMessage(Room.PassivateIfIdle.INSTANCE);
        assertThat(list.size()).isZero();
    }

    @Test
    void theListLooksOftenEnoughForShortTimesAndNotTooOftenForLongOnes() {
        assertThat(IdleRooms.checkEvery(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(5));
        assertThat(IdleRooms.checkEvery(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(75));
        assertThat(IdleRooms.checkEvery(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aRoomIsListedWhileNobodyIsInItAndLeavesTheListWhenItStops() {
        IdleRooms list = IdleRooms.get(testKit.system());
        ActorRef<Room.Command> room = testKit.spawn(Room.create(BareJid.of("lonely@conference.localhost"),
                new dev.parley.server.routing.Users(testKit.<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<
                        dev.parley.server.routing.UserSessions.Command>>createTestProbe().ref()),
                testKit.<RoomDirectory.Command>createTestProbe().ref()));
        // recovered with nobody in it: idle from the start
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> list.contains(room));
        testKit.stop(room);
        // however a room stops (passivated, moved, its node leaving), it leaves no entry behind to be asked later
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !list.contains(room));
    }

    @Test
    void aRoomThatStopsLeavesNoTimerToFireIntoDeadLetters() {
        // an entry starts the room's timers (its occupant count published 3 s later, its serialised presences dropped 30 s
        // later); a room that stops meanwhile cancels them, or each would end in dead letters (and their log)
        TestProbe<Object> deadToRooms = testKit.createTestProbe();
        ActorRef<org.apache.pekko.actor.DeadLetter> filter = testKit.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.<org.apache.pekko.actor.DeadLetter>receiveMessage(d -> {
            if (d.message() instanceof Room.Command) deadToRooms.ref().tell(d.message());
            return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
        }));
        testKit.system().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
                org.apache.pekko.actor.DeadLetter.class, filter));
        String jid = "brief@conference.localhost";
        ActorRef<Room.Command> room = testKit.spawn(Room.create(BareJid.of(jid),
                new dev.parley.server.routing.Users(testKit.<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<
                        dev.parley.server.routing.UserSessions.Command>>createTestProbe().ref()),
                testKit.<RoomDirectory.Command>createTestProbe().ref()));
        TestProbe<dev.parley.server.delivery.Inbox> session = testKit.createTestProbe();
        dev.parley.server.delivery.Client client = new dev.parley.server.delivery.Client(session.ref(), 1,
                testKit.<dev.parley.server.delivery.NodeDelivery.Command>createTestProbe().ref());
        room.tell(new Room.Inbound(dev.parley.protocol.xml.Element.builder("presence", "jabber:client").attribute("from", "crone1@localhost/desktop")
                .attribute("to", jid + "/firstwitch").add(dev.parley.protocol.xml.Element.of("x", "http://jabber.org/protocol/muc")).build(), client));
        session.receiveMessage(Duration.ofSeconds(5)); // entered: the timers run
        testKit.stop(room);
        // the occupant count's timer was due 3 s after the entry: nothing of the room's may come after it stopped
        deadToRooms.expectNoMessage(Duration.ofSeconds(4));
    }
}
