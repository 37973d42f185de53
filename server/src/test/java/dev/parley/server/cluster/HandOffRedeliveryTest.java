package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a shard region drops at a hand-off reaches the region again, through this node's dead letters as the region
 * sends them ({@code deadLetters ! Dropped(message, reason, sender, noSender)}, Pekko's {@code MessageBufferMap.drop});
 * nothing else does.
 */
class HandOffRedeliveryTest {
    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"
            + "\npekko.log-dead-letters = off"));

    sealed interface Command permits Say {}

    record Say(String text, boolean again) implements Command {
        Say(String text) {
            this(text, false);
        }

        Say sentAgain() {
            return new Say(text, true);
        }
    }

    static TestProbe<ShardingEnvelope<Command>> region;

    @BeforeAll
    static void start() {
        region = testKit.createTestProbe();
        testKit.spawn(HandOffRedelivery.create(Command.class, region.ref(), c -> ((Say) c).sentAgain()));
        // the subscription to the event stream is a message too: wait until a drop is heard
        for (int i = 0; ; i++) {
            dropInHandOff(new ShardingEnvelope<>("warm-up", new Say("" + i)));
            try {
                region.receiveMessage(Duration.ofMillis(100));
                break;
            } catch (AssertionError notYet) {
                assertThat(i).as("the redelivery subscribed within 5 s").isLessThan(50);
            }
        }
        region.expectNoMessage(Duration.ofMillis(200)); // warm-ups sent before the subscription are gone for good
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static void dropInHandOff(Object message) {
        deadLetters(new Dropped(message, HandOffRedelivery.HAND_OFF_REASON, org.apache.pekko.actor.ActorRef.noSender(),
                org.apache.pekko.actor.ActorRef.noSender()));
    }

    static void deadLetters(Object letter) {
        Adapter.toClassic(testKit.system()).deadLetters().tell(letter, org.apache.pekko.actor.ActorRef.noSender());
    }

    @Test
    void aMessageDroppedInAHandOffGoesToTheRegionAgainMarkedSentAgain() {
        ShardingEnvelope<Command> route = new ShardingEnvelope<>("juliet@localhost", new Say("wherefore"));
        dropInHandOff(route);
        ShardingEnvelope<Command> again = region.receiveMessage(Duration.ofSeconds(5));
        assertThat(again.entityId()).isEqualTo("juliet@localhost");
        assertThat(again.message()).isEqualTo(new Say("wherefore", true));
    }

    @Test
    void aDropPublishedAsItIsIsHeardToo() {
        // the region's tell reaches the stream wrapped in a DeadLetter (above); the stream may carry a Dropped as it is
        Adapter.toClassic(testKit.system()).getEventStream().publish(new Dropped(new ShardingEnvelope<>("romeo@localhost", new Say("hence")),
                HandOffRedelivery.HAND_OFF_REASON, org.apache.pekko.actor.ActorRef.noSender(), org.apache.pekko.actor.ActorRef.noSender()));
        assertThat(region.receiveMessage(Duration.ofSeconds(5)).message()).isEqualTo(new Say("hence", true));
    }

    @Test
    void nothingElseIsSentAgain() {
        // a region or shard that is gone or full: dead letters of another kind, which would loop if sent again
        deadLetters(new ShardingEnvelope<>("juliet@localhost", new Say("to a stopped region")));
        deadLetters(new Dropped(new ShardingEnvelope<>("juliet@localhost", new Say("buffer full")), "Buffer for [juliet@localhost] is full",
                org.apache.pekko.actor.ActorRef.noSender(), org.apache.pekko.actor.ActorRef.noSender()));
        // another region's commands, and what is not an envelope
        dropInHandOff(new ShardingEnvelope<>("room@conference.localhost", "another entity type's command"));
        dropInHandOff(new Say("not an envelope"));
        region.expectNoMessage(Duration.ofMillis(500));
    }

    @Test
    void theReasonIsPekkosOwn() throws Exception {
        // the drop is recognised by its reason: the words must be those the region of the Pekko on the class path uses
        try (InputStream in = org.apache.pekko.cluster.sharding.ShardRegion.class.getResourceAsStream("ShardRegion.class")) {
            String classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(classFile).contains(HandOffRedelivery.HAND_OFF_REASON);
        }
    }
}
