package dev.parley.server.delivery;

import dev.parley.protocol.xml.Element;
import dev.parley.server.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a room (or any entity that may live on another node) reaches one client, in order: its session, and
 * the {@link NodeDelivery} of the node the session runs on. A session on this node is told directly; a
 * session on another node through its node's delivery, which is also the path of every fan-out to that
 * node, so that all a room sends to one client travels one ordered channel (XEP-0045's stanza order holds).
 */
public record Client(ActorRef<Inbox> session, ActorRef<NodeDelivery.Command> node) implements CborSerializable {
    /** Sends {@code stanza} (addressed already) to the client. */
    public void tell(Element stanza) {
        if (onThisNode()) session.tell(new Inbox.Deliver(stanza));
        else node.tell(new NodeDelivery.One(session, stanza));
    }

    /** Sends several stanzas in this order: one message when the session is on another node. */
    public void tellAll(java.util.List<Element> stanzas) {
        if (stanzas.isEmpty()) return;
        if (onThisNode()) {
            for (Element e : stanzas) session.tell(new Inbox.Deliver(e));
        } else {
            node.tell(new NodeDelivery.Several(session, java.util.List.copyOf(stanzas)));
        }
    }

    /** Whether the session runs on this node (its reference is local, not a remote one). */
    public boolean onThisNode() {
        return node.path().address().hasLocalScope();
    }
}
