package dev.parley.server.room;

import dev.parley.protocol.jid.Jid;
import dev.parley.server.account.ServiceBanStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service-wide bans: users (bare JIDs) and whole domains that service admins ({@code parley.muc.admins}) keep
 * out of every room, refused with forbidden. Kept in the account database, which every node of a cluster
 * shares; each node holds the set in memory, so a room checks an entry without a hop, and reads it again
 * every {@code parley.muc.service-bans-refresh}: a ban made on one node holds on that node at once and on the
 * others within that time, and survives restarts. When a node reads a new ban, its rooms remove the occupants it
 * covers (301).
 */
public final class ServiceBans implements Extension {
    private static final Logger log = LoggerFactory.getLogger(ServiceBans.class);

    public static final ExtensionId<ServiceBans> ID = new ExtensionId<>() {
        @Override
        public ServiceBans createExtension(ActorSystem<?> system) {
            return new ServiceBans(system);
        }
    };

    public static ServiceBans get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    private final ActorSystem<?> system;
    private final Set<String> admins;
    private volatile Set<String> targets = Set.of();
    private volatile ServiceBanStore store;
    /** Whether the bans were read once: a ban read on start has no rooms here to apply to yet. */
    private volatile boolean loaded;

    private ServiceBans(ActorSystem<?> system) {
        this.system = system;
        this.admins = Set.copyOf(system.settings().config().getStringList("parley.muc.admins"));
    }

    /** Where the bans are kept (the node, on start): read now, then every {@code refresh}. */
    public void start(ServiceBanStore bans, Duration refresh) {
        this.store = bans;
        reload();
        var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        system.scheduler().scheduleWithFixedDelay(refresh, refresh, () -> {
            try {
                reload();
            } catch (RuntimeException e) {
                log.warn("could not read the service-wide bans (the last ones read still hold): {}", e.toString());
            }
        }, blocking);
    }

    private void reload() {
        Set<String> read = new HashSet<>();
        for (ServiceBanStore.Ban b : store.all()) read.add(b.target());
        Set<String> before = targets;
        targets = Set.copyOf(read);
        if (loaded && !before.containsAll(read)) removeFromRoomsHere();
        loaded = true;
    }

    /**
     * A new ban is in force: every room running on this node removes the occupants it covers at once (each node
     * does this for its own rooms when it reads the new ban), not only when they next speak.
     */
    private void removeFromRoomsHere() {
        var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
        org.apache.pekko.actor.typed.javadsl.AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                        org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(sharding.shardState(),
                        replyTo -> new org.apache.pekko.cluster.sharding.typed.GetShardRegionState(Room.ENTITY_TYPE_KEY, replyTo),
                        Duration.ofSeconds(5), system.scheduler())
                .whenComplete((state, failed) -> {
                    if (failed != null) {
                        log.warn("could not list this node's rooms to apply a new ban (its occupants go when they next speak): {}", failed.toString());
                        return;
                    }
                    for (var shard : state.getShards()) {
                        for (String room : shard.getEntityIds()) sharding.entityRefFor(Room.ENTITY_TYPE_KEY, room).tell(Room.RemoveBanned.INSTANCE);
                    }
                });
    }

    /** Whether {@code jid}'s user (its bare JID) or its whole domain is banned from the service's rooms. */
    public boolean banned(Jid jid) {
        Set<String> t = targets;
        return !t.isEmpty() && (t.contains(jid.asBare().toString()) || t.contains(jid.domain().value()));
    }

    /** Whether {@code bareJid} is a service admin, who may ban and lift bans. */
    public boolean isAdmin(String bareJid) {
        return admins.contains(bareJid);
    }

    /** Bans {@code target} (a bare JID or a domain); done when written and in force on this node. */
    public CompletionStage<Void> ban(String target, String reason, String by) {
        return blocking(() -> {
            store.ban(target, reason, by);
            reload();
            return null;
        });
    }

    /** Lifts the ban on {@code target}: whether there was one. */
    public CompletionStage<Boolean> unban(String target) {
        return blocking(() -> {
            boolean was = store.unban(target);
            reload();
            return was;
        });
    }

    /** Every ban, by target. */
    public CompletionStage<List<ServiceBanStore.Ban>> all() {
        return blocking(() -> store.all());
    }

    private <T> CompletionStage<T> blocking(java.util.function.Supplier<T> work) {
        if (store == null) return CompletableFuture.failedFuture(new IllegalStateException("no ban store on this node"));
        return CompletableFuture.supplyAsync(work, system.dispatchers().lookup(DispatcherSelector.blocking()));
    }
}
