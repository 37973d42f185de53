package dev.parley.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.account.AccountStore;
import dev.parley.server.cluster.ClusterSettings;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.net.Listeners;
import dev.parley.server.net.LoopDispatchers;
import dev.parley.server.net.TlsContexts;
import dev.parley.server.room.Room;
import dev.parley.server.storage.Storage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * A running Parley node: its storage, the actor system (a member of a cluster, of one by default), the
 * listeners. {@link #close()} stops all.
 */
public final class Node implements AutoCloseable {
    private final ServerSettings settings;
    private final AccountStore accounts;
    private final ActorSystem<Guardian.Command> system;
    private final Listeners listeners;
    private final NodeDelivery.Counters deliveries;
    private final dev.parley.server.federation.FederationCounters federation;

    private Node(ServerSettings settings, AccountStore accounts, ActorSystem<Guardian.Command> system, Listeners listeners,
            NodeDelivery.Counters deliveries, dev.parley.server.federation.FederationCounters federation) {
        this.federation = federation;
        this.settings = settings;
        this.accounts = accounts;
        this.system = system;
        this.listeners = listeners;
        this.deliveries = deliveries;
    }

    /**
     * The defaults a node starts from: parley-runtime.conf (Pekko and journal settings) over every
     * library's reference.conf. A configuration file and options go on top of these.
     */
    public static Config defaults() {
        return ConfigFactory.parseResources(Node.class.getClassLoader(), "parley-runtime.conf").withFallback(ConfigFactory.defaultReference());
    }

    public static Node start(Config given) throws InterruptedException {
        ServerSettings settings = ServerSettings.from(given);
        ClusterSettings cluster = ClusterSettings.from(given);
        Storage storage = Storage.from(given, settings.dataDir());
        AccountStore accounts;
        try {
            // the shipped DDL, applied before anything reads or writes (idempotent; one node at a time on PostgreSQL)
            accounts = new AccountStore(storage, settings.scramIterations());
            storage.prepareJournal();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        // each session runs on its connection's event loop: one dispatcher per loop, registered under this node's key
        String loopsKey = UUID.randomUUID().toString();
        Config config = ConfigFactory.parseMap(LoopDispatchers.config(loopsKey, settings.eventLoops()))
                .withFallback(withDerivedSettings(given, storage, cluster));
        NodeDelivery.Counters deliveries = new NodeDelivery.Counters();
        dev.parley.server.federation.FederationSettings federation = dev.parley.server.federation.FederationSettings.from(given);
        java.util.concurrent.atomic.AtomicReference<Listeners> started = new java.util.concurrent.atomic.AtomicReference<>();
        boolean federates = federation.s2sEnabled() || federation.componentEnabled();
        dev.parley.server.federation.FederationCounters federationCounters = new dev.parley.server.federation.FederationCounters();
        ActorSystem<Guardian.Command> system = ActorSystem.create(Guardian.create(settings, accounts, deliveries,
                new Guardian.Outside(federation, started::get, federates ? TlsContexts.s2sClientContext(settings) : null, federationCounters)),
                "parley", config);
        dev.parley.server.cluster.NodeRoutes.register(system, () -> {
            Map<String, Long> m = new HashMap<>(Map.of(
                    "fanOutsFromOtherNodes", deliveries.fanOuts.sum(), "stanzasFromOtherNodes", deliveries.ones.sum(),
                    "deliveriesFromOtherNodes", deliveries.deliveries.sum(), "roomStanzasFromOtherNodes", deliveries.roomStanzas.sum()));
            m.putAll(federationCounters.snapshot());
            return m;
        });
        // before the node joins: no room runs here until then, and each finds the archive started
        dev.parley.server.archive.Archive.get(system).start(new dev.parley.server.archive.ArchiveStore(storage.archive()));
        try {
            joinCluster(system, cluster);
        } catch (RuntimeException e) {
            system.terminate();
            accounts.close();
            throw e;
        }
        dev.parley.server.fencing.Fencing fencing = dev.parley.server.fencing.Fencing.get(system); // its watchdog runs from now on
        dev.parley.server.room.ServiceBans.get(system).start(accounts.serviceBans(), given.getDuration("parley.muc.service-bans-refresh"));
        Listeners listeners = new Listeners(settings, TlsContexts.serverContext(settings), system, loopsKey);
        // a node the cluster downed, or that fenced itself, lets go of its clients at once: another node runs its
        // rooms already, and its sessions must not feed them stanzas while it shuts down
        org.apache.pekko.actor.CoordinatedShutdown.get(system).addTask(org.apache.pekko.actor.CoordinatedShutdown.PhaseBeforeServiceUnbind(),
                "parley-fenced-clients", () -> {
                    if (fencing.fenced()) listeners.closeAllNow();
                    return java.util.concurrent.CompletableFuture.completedFuture(org.apache.pekko.Done.getInstance());
                });
        try {
            listeners.start();
            started.set(listeners);
            if (federation.s2sEnabled()) {
                listeners.startServerToServer(federation.s2sPort(), TlsContexts.s2sServerContext(settings), federation.maxInboundBytesPerSecond(),
                        c -> system.tell(new Guardian.SpawnIncomingStream(c)));
            }
        } catch (RuntimeException | InterruptedException e) {
            listeners.close();
            system.terminate();
            accounts.close();
            throw e;
        }
        return new Node(settings, accounts, system, listeners, deliveries, federationCounters);
    }

    /** How this node becomes a member: a cluster of its own, the seed nodes, or Cluster Bootstrap (with Pekko Management). */
    private static void joinCluster(ActorSystem<?> system, ClusterSettings cluster) {
        if (cluster.managementEnabled()) PekkoManagement.get(Adapter.toClassic(system)).start().toCompletableFuture().join();
        switch (cluster.discovery()) {
            case SELF -> {
                Cluster c = Cluster.get(system);
                c.manager().tell(Join.create(c.selfMember().address())); // the embedded default: a cluster of one, formed at once
            }
            case SEED_NODES -> { } // pekko.cluster.seed-nodes: the cluster joins them by itself
            case CONFIG, KUBERNETES -> ClusterBootstrap.get(Adapter.toClassic(system)).start();
        }
    }

    /** Settings Pekko needs that follow from ours: the cluster address and discovery, and the journal's database. */
    static Config withDerivedSettings(Config config, Storage storage, ClusterSettings cluster) {
        Map<String, Object> derived = new HashMap<>(storage.journalSettings());
        derived.putAll(cluster.pekkoSettings());
        return ConfigFactory.parseMap(derived).withFallback(config);
    }

    public ServerSettings settings() {
        return settings;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public ActorSystem<Guardian.Command> system() {
        return system;
    }

    /** What this node's delivery received from other nodes (see {@link NodeDelivery}). */
    public NodeDelivery.Counters deliveries() {
        return deliveries;
    }

    public int c2sPort() {
        return listeners.c2sPort();
    }

    public int directTlsPort() {
        return listeners.directTlsPort();
    }

    /** What this node's federation did: streams authenticated, stanzas bounced. */
    public dev.parley.server.federation.FederationCounters federation() {
        return federation;
    }

    /** The server-to-server port, or -1 when s2s is off. */
    public int s2sPort() {
        return listeners.s2sPort();
    }

    public int websocketPort() {
        return listeners.websocketPort();
    }

    public int openConnections() {
        return listeners.openConnections();
    }

    /** Completes when the actor system has stopped (closed, or downed by the cluster). */
    public CompletionStage<?> whenTerminated() {
        return system.getWhenTerminated();
    }

    /** The rooms loaded in memory on this node (not passivated), by JID: for monitoring and tests. */
    public Set<String> loadedRooms() throws Exception {
        ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                        ClusterSharding.get(system).shardState(), replyTo -> new GetShardRegionState(Room.ENTITY_TYPE_KEY, replyTo),
                        Duration.ofSeconds(5), system.scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        Set<String> rooms = new TreeSet<>();
        for (ShardRegion.ShardState shard : state.getShards()) rooms.addAll(shard.getEntityIds());
        return rooms;
    }

    private final AtomicBoolean closed = new AtomicBoolean();

    /** Stops the listeners, the actors and the database; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        // New connections are refused, open ones stay until the actors have stopped: rooms tell their
        // occupants they are closing (XEP-0045 §11.2), sessions close their streams with system-shutdown.
        listeners.stopAccepting();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
        listeners.close();
        accounts.close();
    }
}
