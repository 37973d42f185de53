package dev.parley.server.delivery;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.CborSerializable;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node: hands what entities on other nodes send to this node's sessions. A room with occupants on
 * k nodes sends a broadcast k times at most, one {@link FanOut} per node, each carrying the stanza once
 * (serialised once per node: {@link PreparedStanza}) and the list of this node's recipients; this actor
 * gives each local session its copy. Single stanzas ({@link One}) come the same way, so the order in which
 * a room sends to one client is the order in which the client receives.
 */
public final class NodeDelivery {
    public sealed interface Command extends CborSerializable {}

    /** One stanza for one session of this node. */
    public record One(ActorRef<Inbox> session, Element stanza) implements Command {}

    /** Several stanzas for one session of this node, in this order (a newcomer's welcome, §7.2.2). */
    public record Several(ActorRef<Inbox> session, List<Element> stanzas) implements Command {}

    /** A broadcast for several sessions of this node: each copy once, with the sessions that receive it. */
    public record FanOut(List<Copy> copies) implements Command {}

    /** A variant of a broadcast (moderators see real JIDs, others may not) and who receives it. */
    public record Copy(PreparedStanza stanza, List<Addressee> to) {}

    /** A recipient: the session, and the full JID the copy is addressed to. */
    public record Addressee(ActorRef<Inbox> session, String jid) {}

    /** Counts what arrived from other nodes: for monitoring, and to prove a broadcast crosses once per node. */
    public static final class Counters {
        public final LongAdder fanOuts = new LongAdder();
        public final LongAdder ones = new LongAdder();
        public final LongAdder deliveries = new LongAdder();
    }

    private NodeDelivery() {}

    public static Behavior<Command> create(Counters counters) {
        return Behaviors.receive(Command.class)
                .onMessage(One.class, m -> {
                    counters.ones.increment();
                    counters.deliveries.increment();
                    m.session().tell(new Inbox.Deliver(m.stanza()));
                    return Behaviors.same();
                })
                .onMessage(Several.class, m -> {
                    counters.ones.increment();
                    counters.deliveries.add(m.stanzas().size());
                    for (Element e : m.stanzas()) m.session().tell(new Inbox.Deliver(e));
                    return Behaviors.same();
                })
                .onMessage(FanOut.class, m -> {
                    counters.fanOuts.increment();
                    for (Copy c : m.copies()) {
                        for (Addressee a : c.to()) a.session().tell(new Inbox.DeliverPrepared(c.stanza(), a.jid()));
                        counters.deliveries.add(c.to().size());
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
