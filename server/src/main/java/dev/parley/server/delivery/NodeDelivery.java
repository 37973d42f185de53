package dev.parley.server.delivery;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node: hands what entities on other nodes send to this node's sessions. A room with occupants on
 * k nodes sends a broadcast k times at most, one {@link FanOut} per node, each carrying the stanza once
 * (its bytes, serialised once: {@link PreparedStanza}) and this node's recipients; this actor gives each
 * local session its copy. Single stanzas ({@link One}, {@link Several}) come the same way, so the order in
 * which a room sends to one client is the order in which the client receives.
 *
 * <p>Recipients are named by a number the session took when it {@link Register registered} here, not by
 * their actor references: a reference crosses the network as a path that the receiving node must parse and
 * look up, which for a fan-out to hundreds of occupants costs more than the stanza itself.
 */
public final class NodeDelivery {
    public sealed interface Command extends CborSerializable {}

    /** A session of this node, reachable from other nodes by its number. Node-local by design. */
    public record Register(long id, ActorRef<Inbox> session) implements Command, NoSerializationVerificationNeeded {}

    /** The session stopped. Node-local by design. */
    public record Unregister(long id) implements Command, NoSerializationVerificationNeeded {}

    /** One stanza for one session of this node. */
    public record One(long session, Element stanza) implements Command {}

    /** Several stanzas for one session of this node, in this order (a newcomer's welcome, §7.2.2). */
    public record Several(long session, List<PreparedStanza> stanzas, String to) implements Command {}

    /** A broadcast for several sessions of this node: each copy once, with the sessions that receive it. */
    public record FanOut(List<Copy> copies) implements Command {}

    /** A variant of a broadcast (moderators see real JIDs, others may not) and who receives it. */
    public record Copy(PreparedStanza stanza, List<Addressee> to) {}

    /** A recipient: the session's number, and the full JID the copy is addressed to. */
    public record Addressee(long session, String jid) {}

    private static final AtomicLong IDS = new AtomicLong();

    /** A number for a new session: unique in this JVM, so unique on its node. */
    public static long newSessionId() {
        return IDS.incrementAndGet();
    }

    /** Counts what arrived from other nodes: for monitoring, and to prove a broadcast crosses once per node. */
    public static final class Counters {
        public final LongAdder fanOuts = new LongAdder();
        public final LongAdder ones = new LongAdder();
        public final LongAdder deliveries = new LongAdder();
        /** Stanzas for rooms of this node that came from sessions on other nodes (counted by the rooms). */
        public final LongAdder roomStanzas = new LongAdder();
    }

    private NodeDelivery() {}

    public static Behavior<Command> create(Counters counters) {
        return Behaviors.setup(ctx -> {
            Map<Long, ActorRef<Inbox>> sessions = new HashMap<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Register.class, m -> {
                        sessions.put(m.id(), m.session());
                        return Behaviors.same();
                    })
                    .onMessage(Unregister.class, m -> {
                        sessions.remove(m.id());
                        return Behaviors.same();
                    })
                    .onMessage(One.class, m -> {
                        counters.ones.increment();
                        ActorRef<Inbox> s = sessions.get(m.session());
                        if (s != null) {
                            counters.deliveries.increment(); // counted before it is handed on: see FanOut
                            s.tell(new Inbox.Deliver(m.stanza()));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Several.class, m -> {
                        counters.ones.increment();
                        ActorRef<Inbox> s = sessions.get(m.session());
                        if (s != null) {
                            counters.deliveries.add(m.stanzas().size());
                            s.tell(new Inbox.DeliverAll(m.stanzas(), m.to()));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(FanOut.class, m -> {
                        counters.fanOuts.increment();
                        for (Copy c : m.copies()) {
                            for (Addressee a : c.to()) {
                                ActorRef<Inbox> s = sessions.get(a.session()); // gone meanwhile: as a dead letter
                                if (s == null) continue;
                                // counted before the session has it: whoever reads the counter after the client got
                                // the stanza (a test, the monitoring) sees it counted, not one short
                                counters.deliveries.increment();
                                s.tell(new Inbox.DeliverPrepared(c.stanza(), a.jid()));
                            }
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
