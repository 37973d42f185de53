package dev.parley.server.room;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import java.time.Duration;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.internal.InternalProtocol;

/**
 * What a room could not hold while it was writing: an answer or a second chance, never silence.
 *
 * <p>While a room writes (a batch of messages, an occupant's entry), Pekko's event-sourced behaviour stashes every
 * command that arrives, and what comes over {@code pekko.persistence.typed.stash-capacity} is dropped with a
 * warning and published on the event stream as a {@link Dropped} ("Stash buffer is full"). A flood (clients sending
 * thousands of messages at once, faster than the journal writes them) reached that bound: seen with 5 clients
 * sending 4,000 messages of 2 KB each at once, 94 messages were lost without a word to anyone (no error to their
 * senders), and a dropped {@code Flush} would leave the room's next batch unwritten.
 *
 * <p>This node's drops are heard here: a stanza's sender gets an error ({@code resource-constraint}, type wait, RFC
 * 6120 §8.3.3.18: the room is too busy now, try later), as the room answers a message over its writing bound; a
 * presence (an entry, an exit, a change of status or nickname) and anything the room or the node sent the room
 * itself ({@code Flush}, an occupant gone, a catch-up's end, ...) is told to the room again a moment later, when its
 * write is likely over: an exit must not be lost, nor a write. An error is never answered with an error (RFC 6120
 * §8.3.1).
 *
 * <p>It reads Pekko's own drop: the reason is {@link #REASON}, the message Pekko's internal
 * {@code InternalProtocol.IncomingCommand} around the command (Pekko 1.2.1); {@code StashOverflowTest} floods a real
 * room to check both. Costs nothing on a message's way.
 */
public final class StashOverflow {
    /** Pekko's reason for the drop ({@code persistence.typed.internal.StashManagement}). */
    static final String REASON = "Stash buffer is full";
    /** How long before a command the room could not hold is told to it again. */
    static final Duration AGAIN_AFTER = Duration.ofMillis(50);

    private StashOverflow() {}

    public static Behavior<Dropped> create() {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(Dropped.class, ctx.getSelf()));
            return Behaviors.receiveMessage(drop -> {
                Room.Command command = droppedByARoom(drop);
                if (command == null) return Behaviors.same();
                if (command instanceof Room.Inbound in && !(Stanza.from(in.stanza()) instanceof Presence)) {
                    Stanza s = Stanza.from(in.stanza());
                    if (!"error".equals(s.element().attribute("type"))) in.from().tell(busy(s).element());
                } else {
                    org.apache.pekko.actor.ActorRef room = drop.recipient();
                    ctx.getSystem().scheduler().scheduleOnce(AGAIN_AFTER, () -> room.tell(command, org.apache.pekko.actor.ActorRef.noSender()),
                            ctx.getExecutionContext());
                }
                return Behaviors.same();
            });
        });
    }

    /** The room's command in a drop of a room's stash, or null for any other drop. */
    static Room.Command droppedByARoom(Dropped drop) {
        if (!REASON.equals(drop.reason())) return null;
        Object message = drop.message() instanceof InternalProtocol.IncomingCommand<?> incoming ? incoming.c() : drop.message();
        return message instanceof Room.Command c ? c : null;
    }

    /** The error a stanza the room could not take gets, from the room (RFC 6120 §8.3 'by'). */
    static Stanza busy(Stanza s) {
        Jid to = Jid.parseOrNull(s.element().attribute("to"));
        StanzaError error = new StanzaError(StanzaError.Condition.RESOURCE_CONSTRAINT.defaultType(), StanzaError.Condition.RESOURCE_CONSTRAINT,
                "the room is too busy to take this now; send it again later", to == null ? null : to.asBare().toString(), null, null);
        return s.errorReply(error, true);
    }
}
