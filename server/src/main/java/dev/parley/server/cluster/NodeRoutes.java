package dev.parley.server.cluster;

import dev.parley.server.room.Room;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Parley's routes on Pekko Management's HTTP endpoint (registered in parley-runtime.conf), for operators and
 * {@code scripts/cluster}:
 * <ul>
 *   <li>{@code GET /parley/node}: this node's address and what its delivery received from other nodes;</li>
 *   <li>{@code GET /parley/rooms/ROOM-JID}: the node hosting the room's shard now, and whether the room is
 *       loaded there (asked of the cluster's sharding, so any node answers for every room).</li>
 * </ul>
 */
public final class NodeRoutes extends AbstractExtensionId<NodeRoutes.Provider> implements ExtensionIdProvider {
    public static final NodeRoutes INSTANCE = new NodeRoutes();

    /** Pekko Management creates the id by its class name. */
    public NodeRoutes() {}

    @Override
    public ExtensionId<? extends Provider> lookup() {
        return INSTANCE;
    }

    @Override
    public Provider createExtension(ExtendedActorSystem system) {
        return new Provider(Adapter.toTyped(system));
    }

    private static final Map<org.apache.pekko.actor.ActorSystem, java.util.function.Supplier<Map<String, Long>>> COUNTERS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** What {@code /parley/node} reports of a node besides its address: its counters, read at each request. */
    public static void register(ActorSystem<?> system, java.util.function.Supplier<Map<String, Long>> counters) {
        COUNTERS.put(Adapter.toClassic(system), counters);
    }

    public static final class Provider extends AllDirectives implements ManagementRouteProvider {
        private final ActorSystem<?> system;

        Provider(ActorSystem<?> system) {
            this.system = system;
        }

        @Override
        public Route routes(ManagementRouteProviderSettings settings) {
            return pathPrefix("parley", () -> concat(
                    path("node", () -> get(() -> complete(json(nodeJson())))),
                    path(PathMatchers.segment("rooms").slash(PathMatchers.segment()), room -> get(() ->
                            onSuccess(where(room), body -> complete(json(body)))))));
        }

        private static HttpResponse json(String body) {
            return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(ContentTypes.APPLICATION_JSON, body);
        }

        private String nodeJson() {
            Cluster c = Cluster.get(system);
            StringBuilder b = new StringBuilder("{\"address\":\"").append(c.selfMember().address()).append("\",\"status\":\"")
                    .append(c.selfMember().status()).append('"');
            var counters = COUNTERS.getOrDefault(Adapter.toClassic(system), Map::of);
            for (Map.Entry<String, Long> e : counters.get().entrySet()) b.append(",\"").append(e.getKey()).append("\":").append(e.getValue());
            return b.append('}').toString();
        }

        /** The node whose region holds the room's shard, and whether the room is loaded (in memory) there. */
        private CompletionStage<String> where(String room) {
            ClusterSharding sharding = ClusterSharding.get(system);
            int shards = system.settings().config().getInt("pekko.cluster.sharding.number-of-shards");
            String shard = new HashCodeMessageExtractor<Room.Command>(shards).shardId(room);
            Duration timeout = Duration.ofSeconds(5);
            return AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(sharding.shardState(),
                            replyTo -> new GetClusterShardingStats(Room.ENTITY_TYPE_KEY, timeout, replyTo), timeout, system.scheduler())
                    .thenCompose(stats -> {
                        Address host = null;
                        for (Map.Entry<Address, ShardRegion.ShardRegionStats> r : stats.getRegions().entrySet()) {
                            if (r.getValue().getStats().containsKey(shard)) host = r.getKey();
                        }
                        Address found = host;
                        boolean here = found != null && found.equals(Cluster.get(system).selfMember().address());
                        CompletionStage<Boolean> loaded = !here ? java.util.concurrent.CompletableFuture.completedFuture((Boolean) null)
                                : AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(sharding.shardState(),
                                        replyTo -> new GetShardRegionState(Room.ENTITY_TYPE_KEY, replyTo), timeout, system.scheduler())
                                        .thenApply(s -> s.getShards().stream().anyMatch(sh -> sh.getEntityIds().contains(room)));
                        return loaded.thenApply(l -> "{\"room\":\"" + room.replace("\"", "") + "\",\"shard\":\"" + shard + "\",\"node\":"
                                + (found == null ? "null" : "\"" + found + "\"") + (l == null ? "" : ",\"loaded\":" + l) + "}");
                    });
        }
    }
}
