package dev.parley.server.delivery;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a room (or any entity that may live on another node) reaches one client, in order: its session, the
 * number it registered with its node's {@link NodeDelivery}, and that delivery. A session on this node is
 * told directly; a session on another node through its node's delivery, which is also the path of every
 * fan-out to that node, so that all a room sends to one client travels one ordered channel (XEP-0045's
 * stanza order holds).
 */
public record Client(ActorRef<Inbox> session, long id, ActorRef<NodeDelivery.Command> node) implements CborSerializable {
    /** Sends {@code stanza} (addressed already) to the client. */
    public void tell(Element stanza) {
        if (onThisNode()) session.tell(new Inbox.Deliver(stanza));
        else node.tell(new NodeDelivery.One(id, stanza));
    }

    /**
     * Sends several stanzas, serialised already, in this order, each addressed to {@code to}: one message
     * whether the session is on this node or another (a newcomer's welcome, §7.2.2).
     */
    public void tellAll(List<PreparedStanza> stanzas, String to) {
        if (stanzas.isEmpty()) return;
        if (onThisNode()) session.tell(new Inbox.DeliverAll(List.copyOf(stanzas), to));
        else node.tell(new NodeDelivery.Several(id, List.copyOf(stanzas), to));
    }

    /** Whether the session runs on this node (its node's delivery is a local reference, not a remote one). */
    public boolean onThisNode() {
        return node.path().address().hasLocalScope();
    }
}
