package dev.parley.server.routing;

import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Inbox;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * How the rest of the node reaches a user's entry in the cluster-wide registry ({@link UserSessions}): each
 * command names its user, and goes to the entity of that bare JID, wherever in the cluster it lives. A stanza
 * routed to a user of another domain goes to the node's federation instead ({@code federation/Federation}) once
 * it is attached ({@link #withRemote}). Node-local (it wraps this node's shard region); passed to sessions and
 * rooms when they are created.
 */
public final class Users {
    private final ActorRef<ShardingEnvelope<UserSessions.Command>> region;
    private final String domain;
    private final ActorRef<Inbox> remote;
    private final Function<Element, Inbox> outgoing;

    public Users(ActorRef<ShardingEnvelope<UserSessions.Command>> region) {
        this(region, null, null, null);
    }

    private Users(ActorRef<ShardingEnvelope<UserSessions.Command>> region, String domain, ActorRef<Inbox> remote, Function<Element, Inbox> outgoing) {
        this.region = region;
        this.domain = domain;
        this.remote = remote;
        this.outgoing = outgoing;
    }

    /**
     * The same registry, where a stanza for a user whose domain is not {@code domain} goes to {@code federation},
     * as the message {@code outgoing} makes of it (the stanza, its 'to' set).
     */
    public Users withRemote(String domain, ActorRef<Inbox> federation, Function<Element, Inbox> outgoing) {
        return new Users(region, domain, federation, outgoing);
    }

    public void tell(UserSessions.Command command) {
        if (remote != null && command instanceof UserSessions.Route r && !domain.equals(domainOf(r.user()))) {
            remote.tell(outgoing.apply(r.stanza().withAttribute("to", r.to())));
            return;
        }
        region.tell(new ShardingEnvelope<>(command.user(), command));
    }

    /** This node's shard region of the registry. */
    public ActorRef<ShardingEnvelope<UserSessions.Command>> region() {
        return region;
    }

    private static String domainOf(String bare) {
        int at = bare.indexOf('@');
        return at < 0 ? bare : bare.substring(at + 1);
    }
}
