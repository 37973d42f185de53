package dev.parley.server.routing;

import dev.parley.protocol.jid.FullJid;
import dev.parley.server.delivery.Inbox;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One bound resource of a user: its session (on any node), and its presence as RFC 6121 sees it:
 * "connected" once bound, "available" once it sent initial presence, with a priority.
 */
public record Resource(FullJid jid, ActorRef<Inbox> session, boolean available, int priority) {
    public Resource withPresence(boolean nowAvailable, int newPriority) {
        return new Resource(jid, session, nowAvailable, newPriority);
    }
}
