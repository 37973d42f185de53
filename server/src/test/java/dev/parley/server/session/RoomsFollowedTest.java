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

    /** A session's stand-in: records what RoomsFollowed answers for each RoomAt, and the RoomGone it is told. */
    @Test
    void aRoomThatComesBackAfterItsEntityStoppedIsToldAgain() {
        TestProbe<Object> out = kit.createTestProbe();
        String room = "crypt@conference.localhost";
        ActorRef<Inbox> session = kit.spawn(Behaviors.setup(ctx -> {
            RoomsFollowed followed = new RoomsFollowed(ctx);
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Inbox.RoomAt at) out.ref().tell("at " + followed.at(at));
                else if (m instanceof Session.RoomGone g) out.ref().tell("gone " + followed.gone(g.room(), g.entity()));
                return Behaviors.same();
            });
        }));
        List<ActorRef<Object>> incarnations = new ArrayList<>();
        for (int i = 0; i < 2; i++) incarnations.add(kit.spawn(Behaviors.receiveMessage(m -> Behaviors.same())));

        session.tell(new Inbox.RoomAt(room, incarnations.get(0)));
        out.expectMessage("at false"); // entering: nothing to send again
        session.tell(new Inbox.RoomAt(room, incarnations.get(0)));
        out.expectMessage("at false"); // the same entity again
        kit.stop(incarnations.get(0));
        out.expectMessage("gone true"); // its entity stopped: send again
        session.tell(new Inbox.RoomAt(room, incarnations.get(1)));
        out.expectMessage("at true"); // the next one runs: send again, once more
        session.tell(new Inbox.RoomAt(room, incarnations.get(1)));
        out.expectMessage("at false");
    }
}
