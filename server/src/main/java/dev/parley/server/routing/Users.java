package dev.parley.server.routing;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * How the rest of the node reaches a user's entry in the cluster-wide registry ({@link UserSessions}): each
 * command names its user, and goes to the entity of that bare JID, wherever in the cluster it lives.
 * Node-local (it wraps this node's shard region); passed to sessions and rooms when they are created.
 */
public final class Users {
    private final ActorRef<ShardingEnvelope<UserSessions.Command>> region;

    public Users(ActorRef<ShardingEnvelope<UserSessions.Command>> region) {
        this.region = region;
    }

    public void tell(UserSessions.Command command) {
        region.tell(new ShardingEnvelope<>(command.user(), command));
    }
}
