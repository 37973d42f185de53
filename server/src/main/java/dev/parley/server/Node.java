package dev.parley.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.account.AccountStore;
import dev.parley.server.net.Listeners;
import dev.parley.server.net.LoopDispatchers;
import dev.parley.server.net.TlsContexts;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorSystem;

/** A running Parley node: the actor system, the account store and the listeners. {@link #close()} stops all. */
public final class Node implements AutoCloseable {
    private final ServerSettings settings;
    private final AccountStore accounts;
    private final ActorSystem<Guardian.Command> system;
    private final Listeners listeners;

    private Node(ServerSettings settings, AccountStore accounts, ActorSystem<Guardian.Command> system, Listeners listeners) {
        this.settings = settings;
        this.accounts = accounts;
        this.system = system;
        this.listeners = listeners;
    }

    /**
     * The defaults a node starts from: parley-runtime.conf (Pekko and journal settings) over every
     * library's reference.conf. A configuration file and options go on top of these.
     */
    public static Config defaults() {
        return com.typesafe.config.ConfigFactory.parseResources(Node.class.getClassLoader(), "parley-runtime.conf")
                .withFallback(com.typesafe.config.ConfigFactory.defaultReference());
    }

    public static Node start(Config given) throws InterruptedException {
        ServerSettings settings = ServerSettings.from(given);
        // each session runs on its connection's event loop: one dispatcher per loop, registered under this node's key
        String loopsKey = UUID.randomUUID().toString();
        Config config = ConfigFactory.parseMap(LoopDispatchers.config(loopsKey, settings.eventLoops()))
                .withFallback(withDerivedSettings(given, settings));
        AccountStore accounts = new AccountStore(settings.dataDir(), settings.scramIterations());
        ActorSystem<Guardian.Command> system = ActorSystem.create(Guardian.create(settings, accounts), "parley", config);
        try {
            // The journal's tables, in the embedded database (idempotent).
            org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils.createIfNotExists(system)
                    .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            system.terminate();
            accounts.close();
            throw new IllegalStateException("cannot create the journal's tables", e);
        }
        var cluster = org.apache.pekko.cluster.typed.Cluster.get(system);
        if (config.getStringList("parley.cluster.seed-nodes").isEmpty()) {
            // the embedded default: a cluster of one, formed at once
            cluster.manager().tell(org.apache.pekko.cluster.typed.Join.create(cluster.selfMember().address()));
        }
        Listeners listeners = new Listeners(settings, TlsContexts.serverContext(settings), system, loopsKey);
        try {
            listeners.start();
        } catch (RuntimeException | InterruptedException e) {
            listeners.close();
            system.terminate();
            accounts.close();
            throw e;
        }
        return new Node(settings, accounts, system, listeners);
    }

    /** Settings Pekko needs that follow from ours: the cluster address and the journal's database file. */
    static Config withDerivedSettings(Config config, ServerSettings settings) {
        java.util.Map<String, Object> derived = new java.util.HashMap<>();
        String host = config.getString("parley.cluster.hostname");
        int port = config.getInt("parley.cluster.port");
        derived.put("pekko.remote.artery.canonical.hostname", host);
        derived.put("pekko.remote.artery.canonical.port", port);
        java.util.List<String> seeds = config.getStringList("parley.cluster.seed-nodes");
        derived.put("pekko.cluster.seed-nodes", seeds);
        derived.put("pekko-persistence-jdbc.shared-databases.parley.db.url",
                "jdbc:h2:file:" + settings.dataDir().toAbsolutePath().resolve("journal") + ";AUTO_SERVER=TRUE");
        return com.typesafe.config.ConfigFactory.parseMap(derived).withFallback(config);
    }

    public ServerSettings settings() {
        return settings;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public int c2sPort() {
        return listeners.c2sPort();
    }

    public int directTlsPort() {
        return listeners.directTlsPort();
    }

    public int websocketPort() {
        return listeners.websocketPort();
    }

    public int openConnections() {
        return listeners.openConnections();
    }

    /** The rooms loaded in memory on this node (not passivated), by JID: for monitoring and tests. */
    public java.util.Set<String> loadedRooms() throws Exception {
        var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
        org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState state = org.apache.pekko.actor.typed.javadsl.AskPattern
                .<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
                        sharding.shardState(),
                        replyTo -> new org.apache.pekko.cluster.sharding.typed.GetShardRegionState(dev.parley.server.room.Room.ENTITY_TYPE_KEY, replyTo),
                        java.time.Duration.ofSeconds(5), system.scheduler())
                .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        java.util.Set<String> rooms = new java.util.TreeSet<>();
        for (org.apache.pekko.cluster.sharding.ShardRegion.ShardState shard : state.getShards()) rooms.addAll(shard.getEntityIds());
        return rooms;
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the listeners, the actors and the database; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        // New connections are refused, open ones stay until the actors have stopped: rooms tell their
        // occupants they are closing (XEP-0045 §11.2), sessions close their streams with system-shutdown.
        listeners.stopAccepting();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
        listeners.close();
        accounts.close();
    }
}
