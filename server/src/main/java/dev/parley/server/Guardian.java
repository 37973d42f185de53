package dev.parley.server;

import dev.parley.server.account.AccountStore;
import dev.parley.server.cluster.HandOffRedelivery;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.federation.Federation;
import dev.parley.server.federation.IncomingStream;
import dev.parley.server.federation.PeerAddresses;
import dev.parley.server.federation.PeerCertificates;
import dev.parley.server.net.Connection;
import dev.parley.server.room.Room;
import dev.parley.server.room.RoomDirectory;
import dev.parley.server.room.StashOverflow;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import dev.parley.server.session.Session;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
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

    /** A server-to-server stream was accepted: give it its actor. Node-local: it carries the socket. */
    public record SpawnIncomingStream(dev.parley.server.net.TcpConnection connection) implements Command, NoSerializationVerificationNeeded {}

    private Guardian() {}

    /** What the node's federation needs from outside the actor system: its event loops (once started) and TLS. */
    public record Outside(dev.parley.server.federation.FederationSettings federation, java.util.function.Supplier<dev.parley.server.net.Dialer> dialer,
            io.netty.handler.ssl.SslContext s2sClientTls, dev.parley.server.federation.FederationCounters counters) {}

    public static Behavior<Command> create(ServerSettings settings, AccountStore accounts, NodeDelivery.Counters counters, Outside outside) {
        return Behaviors.setup(ctx -> {
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            var delivery = ctx.spawn(NodeDelivery.create(counters), "delivery");
            Users localUsers = UserSessions.init(ctx.getSystem());
            ctx.spawn(HandOffRedelivery.create(UserSessions.Command.class, localUsers.region(), UnaryOperator.identity()), "users-hand-off");
            var federation = ctx.spawn(Federation.create(new Federation.Deps(settings, outside.federation(), localUsers, delivery, outside.dialer(),
                    outside.s2sClientTls(), new PeerAddresses(PeerAddresses.routes(outside.federation().routes()), PeerAddresses.systemDns(),
                            new java.util.Random()), blocking, outside.counters())), "federation");
            Users users = localUsers.withRemote(settings.domain(), federation, Federation.Outgoing::new);
            var directory = ctx.spawn(RoomDirectory.create(), "room-directory");
            var rooms = Room.init(ctx.getSystem(), users, directory, counters.roomStanzas);
            ctx.spawn(HandOffRedelivery.create(Room.Command.class, rooms, Room::sentAgain), "rooms-hand-off");
            ctx.spawn(StashOverflow.create(), "rooms-stash-overflow");
            federation.tell(new Federation.Start(rooms, directory));
            var incoming = new IncomingStream.Deps(settings, outside.federation(), federation,
                    PeerCertificates.trusting(outside.federation().trustedCertificates()), outside.counters());
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
                    .onMessage(SpawnIncomingStream.class, m -> {
                        String dispatcher = m.connection().dispatcher();
                        ctx.spawnAnonymous(IncomingStream.create(m.connection(), incoming),
                                dispatcher == null ? DispatcherSelector.defaultDispatcher() : DispatcherSelector.fromConfig(dispatcher));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
