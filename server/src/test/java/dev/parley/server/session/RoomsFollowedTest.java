package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.delivery.Inbox;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A session sends a room what it has not seen reflected when the room's entity stops, and once more when the next
 * entity says where it runs: the first copy may have gone to the node that died.
 */
class RoomsFollowedTest {
    static final ActorTestKit kit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /**
     * A session's stand-in: records what RoomsFollowed answers for each RoomAt, and the RoomGone it is told; an
     * Inbox.Deliver stands for its client leaving the room the stanza is addressed to.
     */
    /** Whether the last stand-in session held its rooms in a map after its last RoomAt or leave. */
    static final java.util.concurrent.atomic.AtomicBoolean mapHeld = new java.util.concurrent.atomic.AtomicBoolean();

    static ActorRef<Inbox> session(TestProbe<Object> out) {
        return kit.spawn(Behaviors.setup(ctx -> {
            RoomsFollowed followed = new RoomsFollowed(ctx);
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Inbox.RoomAt at) {
                    boolean moved = followed.at(at);
                    mapHeld.set(followed.holdsAMap()); // before the answer the test waits for
                    out.ref().tell("at " + moved);
                }
                else if (m instanceof Session.RoomGone g) out.ref().tell("gone " + followed.gone(g.room(), g.entity()));
                else if (m instanceof Inbox.Deliver d) {
                    followed.left(d.stanza().attribute("to"));
                    mapHeld.set(followed.holdsAMap());
                }
                return Behaviors.same();
            });
        }));
    }

    static List<ActorRef<Object>> incarnations(int n) {
        List<ActorRef<Object>> incarnations = new ArrayList<>();
        for (int i = 0; i < n; i++) incarnations.add(kit.spawn(Behaviors.receiveMessage(m -> Behaviors.same())));
        return incarnations;
    }

    @Test
    void aRoomThatComesBackAfterItsEntityStoppedIsToldAgain() {
        TestProbe<Object> out = kit.createTestProbe();
        String room = "crypt@conference.localhost";
        ActorRef<Inbox> session = session(out);
        List<ActorRef<Object>> incarnations = incarnations(2);

        session.tell(new Inbox.RoomAt(room, incarnations.get(0), false));
        out.expectMessage("at false"); // entering: nothing to send again
        session.tell(new Inbox.RoomAt(room, incarnations.get(0), false));
        out.expectMessage("at false"); // the same entity again
        kit.stop(incarnations.get(0));
        out.expectMessage("gone true"); // its entity stopped: send again
        session.tell(new Inbox.RoomAt(room, incarnations.get(1), false));
        out.expectMessage("at true"); // the next one runs: send again, once more
        session.tell(new Inbox.RoomAt(room, incarnations.get(1), false));
        out.expectMessage("at false");
    }

    /**
     * A client in one room keeps no map for it; in two or more it does, and each room's moves are followed alike
     * whichever way the list grew or shrank (docs/footprint.md, fourteenth pass).
     */
    @Test
    void roomsJoinedAndLeftInAnyOrderAreEachFollowed() {
        TestProbe<Object> out = kit.createTestProbe();
        String a = "hall@conference.localhost";
        String b = "tower@conference.localhost";
        ActorRef<Inbox> session = session(out);
        List<ActorRef<Object>> incarnations = incarnations(5);

        session.tell(new Inbox.RoomAt(a, incarnations.get(0), false));
        out.expectMessage("at false");
        assertThat(mapHeld).as("one room: no map").isFalse();
        session.tell(new Inbox.RoomAt(b, incarnations.get(1), false));
        out.expectMessage("at false"); // a second room: a new one, not a move of the first
        assertThat(mapHeld).as("two rooms at once: a map").isTrue();
        kit.stop(incarnations.get(0));
        out.expectMessage("gone true");
        session.tell(leave(a));
        session.tell(new Inbox.RoomAt(a, incarnations.get(2), false));
        out.expectMessage("at false"); // entered again after leaving: nothing to send again
        session.tell(leave(a));
        kit.stop(incarnations.get(2));
        out.expectNoMessage(); // no longer followed
        kit.stop(incarnations.get(1));
        out.expectMessage("gone true"); // the room still followed, alone again
        session.tell(new Inbox.RoomAt(b, incarnations.get(3), false));
        out.expectMessage("at true");
        session.tell(leave(b));
        session.tell(new Inbox.RoomAt(a, incarnations.get(4), false));
        out.expectMessage("at false");
        assertThat(mapHeld).as("every room left, then one entered: no map again").isFalse();
    }

    static Inbox.Deliver leave(String room) {
        return new Inbox.Deliver(dev.parley.protocol.xml.Element.builder("presence", "jabber:client").attribute("to", room)
                .attribute("type", "unavailable").build());
    }

    /**
     * The next entity's word can come before the news that the one before stopped (they come from different nodes:
     * seen in FailoverProcessIT, a node leaving under load): the room moved all the same, and what sharding dropped
     * in the hand-over is sent again. The late news is old, and sends nothing.
     */
    @Test
    void aNewEntityIsAMoveEvenBeforeTheOldOnesStopIsHeard() {
        TestProbe<Object> out = kit.createTestProbe();
        String room = "ball@conference.localhost";
        ActorRef<Inbox> session = session(out);
        List<ActorRef<Object>> incarnations = incarnations(2);

        session.tell(new Inbox.RoomAt(room, incarnations.get(0), false));
        out.expectMessage("at false");
        session.tell(new Inbox.RoomAt(room, incarnations.get(1), false)); // the old one's stop not heard yet
        out.expectMessage("at true");
        session.tell(new Session.RoomGone(room, incarnations.get(0))); // its news, late
        out.expectMessage("gone false");
        kit.stop(incarnations.get(1));
        out.expectMessage("gone true"); // the one that runs it now is still watched
    }

    /** A client that left and enters again has nothing unanswered to send from before: entering is not a move. */
    @Test
    void enteringAgainAfterLeavingIsNotAMove() {
        TestProbe<Object> out = kit.createTestProbe();
        String room = "orchard@conference.localhost";
        List<ActorRef<Object>> incarnations = incarnations(2);
        ActorRef<Inbox> session = session(out);
        session.tell(new Inbox.RoomAt(room, incarnations.get(0), false));
        out.expectMessage("at false");
        session.tell(new Inbox.Deliver(dev.parley.protocol.xml.Element.builder("presence", "jabber:client").attribute("to", room)
                .attribute("type", "unavailable").build())); // she leaves
        session.tell(new Inbox.RoomAt(room, incarnations.get(1), false));
        out.expectMessage("at false");
    }
}
