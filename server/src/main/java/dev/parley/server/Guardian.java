package dev.parley.server;

import dev.parley.server.net.Connection;
import dev.parley.server.routing.SessionRegistry;
import dev.parley.server.session.Session;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The root actor of a node: it owns the session registry and spawns one session actor per connection. */
public final class Guardian {
    public sealed interface Command {}

    /** A connection was accepted (or finished its WebSocket handshake): give it a session. */
    public record SpawnSession(Connection connection) implements Command {}

    private Guardian() {}

    public static Behavior<Command> create(ServerSettings settings, dev.parley.server.account.AccountStore accounts) {
        return Behaviors.setup(ctx -> {
            ActorRef<SessionRegistry.Command> registry = ctx.spawn(SessionRegistry.create(), "sessions");
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            var directory = ctx.spawn(dev.parley.server.room.RoomDirectory.create(), "room-directory");
            var rooms = dev.parley.server.room.Room.init(ctx.getSystem(), registry, directory);
            Session.Deps deps = new Session.Deps(settings, registry, accounts, blocking, rooms, directory);
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
