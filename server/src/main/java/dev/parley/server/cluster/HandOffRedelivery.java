package dev.parley.server.cluster;

import java.util.function.UnaryOperator;
import org.apache.pekko.actor.AllDeadLetters;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * Sends again what this node's shard region dropped while one of its shards was handed over to another node.
 *
 * <p>When a shard moves (a node leaves gracefully, or a node joins and shards are rebalanced to it), Cluster
 * Sharding's region on the node that hosted it buffers what this node's own senders address to the shard between
 * the coordinator's {@code BeginHandOff} and its {@code HandOff}, and then drops that buffer "to avoid re-ordering"
 * (Pekko's {@code ShardRegion}, at {@code HandOff}): each message goes to dead letters as a {@link Dropped} with
 * {@link #HAND_OFF_REASON}. Sharding promises at most once; Parley's entities are no place for that. To a user's
 * registry entry, a dropped {@code Route} is a chat message lost without an error to anyone, a dropped
 * {@code Availability} a resource the registry thinks unavailable while its client thinks it is online. To a room,
 * a dropped presence is an entry never answered or an exit never made (the occupant stays in the room after it
 * left), a dropped private message or IQ is lost. This node's dead letters are watched, and each such envelope is
 * told to its region again, as {@code sentAgain} marks it (a room's groupchat message comes as a copy sent again,
 * which the room takes only once: the session may send it again too, not having seen it reflected). It waits in
 * the region, as what was sent after the hand-off does, for the shard's new home, and goes to the entity's next
 * incarnation.
 *
 * <p>What it costs: nothing on the way of a message; an actor per region that hears this node's dead letters.
 * What it does not do: keep the order between a message sent again and one its sender sent after the hand-off,
 * in the few milliseconds between the region's drop and this actor's tell (both wait for the same answer from the
 * coordinator, and are delivered in the order they reached the region). A stanza lost is worse than one overtaken
 * within those milliseconds by the next one to the same entity.
 *
 * <p>Only a {@link Dropped} with the hand-off's reason is sent again: a message dead-lettered because a region or
 * a shard is stopped or full is not, so nothing loops.
 */
public final class HandOffRedelivery {
    /** Pekko's reason for the drop, {@code ShardRegion}'s {@code HandOff} case (Pekko 1.2.1). */
    static final String HAND_OFF_REASON = "Avoiding reordering of buffered messages at shard handoff";

    private HandOffRedelivery() {}

    /**
     * Watches this node's dead letters for envelopes of {@code commandType} that {@code region} dropped in a hand-off,
     * and tells each to the region again, its command as {@code sentAgain} makes it.
     */
    public static <M> Behavior<AllDeadLetters> create(Class<M> commandType, ActorRef<ShardingEnvelope<M>> region, UnaryOperator<M> sentAgain) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(AllDeadLetters.class, ctx.getSelf()));
            return Behaviors.receiveMessage(letter -> {
                ShardingEnvelope<M> again = droppedInHandOff(letter, commandType);
                if (again != null) {
                    ctx.getLog().info("sends again {} to {}, dropped by its shard region in a hand-off", again.message().getClass().getSimpleName(),
                            again.entityId());
                    region.tell(new ShardingEnvelope<>(again.entityId(), sentAgain.apply(again.message())));
                }
                return Behaviors.same();
            });
        });
    }

    /**
     * The envelope of {@code commandType} that {@code letter} says was dropped in a hand-off, or null. A region tells
     * its {@link Dropped} to dead letters, which publish it as it is or wrapped in a {@link DeadLetter}.
     */
    @SuppressWarnings("unchecked")
    static <M> ShardingEnvelope<M> droppedInHandOff(Object letter, Class<M> commandType) {
        Object dropped = letter instanceof DeadLetter d ? d.message() : letter;
        if (!(dropped instanceof Dropped drop) || !HAND_OFF_REASON.equals(drop.reason())) return null;
        if (drop.message() instanceof ShardingEnvelope<?> envelope && commandType.isInstance(envelope.message())) {
            return (ShardingEnvelope<M>) envelope;
        }
        return null;
    }
}
