package dev.parley.server;

import dev.parley.server.account.AccountStore;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.net.Connection;
import dev.parley.server.room.Room;
import dev.parley.server.room.RoomDirectory;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import dev.parley.server.session.Session;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root actor of a node: it starts this node's part of the cluster-wide services (the user registry's
 * and the rooms' shard regions, the room directory's replica, the node's delivery) and spawns one session
 * actor per connection.
 */
public final class Guardian {
    public sealed interface Command {}

    /** A connection was accepted (or finished its WebSocket handshake): give it a session. Node-local: it carries the socket. */
    public record SpawnSession(Connection connection) implements Command, NoSerializationVerificationNeeded {}

    private Guardian() {}

    public static Behavior<Command> create(ServerSettings settings, AccountStore accounts, NodeDelivery.Counters counters) {
        return Behaviors.setup(ctx -> {
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            var delivery = ctx.spawn(NodeDelivery.create(counters), "delivery");
            Users users = UserSessions.init(ctx.getSystem());
            var directory = ctx.spawn(RoomDirectory.create(), "room-directory");
            var rooms = Room.init(ctx.getSystem(), users, directory, counters.roomStanzas);
            var registrations = new dev.parley.server.net.AddressLimit(settings.registrationsPerAddress(), settings.registrationsPerAddressPeriod(),
                    settings.addressLimitsExemptLoopback());
            Session.Deps deps = new Session.Deps(settings, users, accounts, blocking, rooms, directory, delivery, registrations);
            return Behaviors.receive(Command.class)
                    .onMessage(SpawnSession.class, m -> {
                        String dispatcher = m.connection().dispatcher(); // its event loop's (LoopDispatchers)
                        ctx.spawnAnonymous(Session.create(m.connection(), deps),
                                dispatcher == null ? DispatcherSelector.defaultDispatcher() : DispatcherSelector.fromConfig(dispatcher));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
