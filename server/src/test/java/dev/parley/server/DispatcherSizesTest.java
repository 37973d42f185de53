package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The node's dispatchers are sized for the machine as parley-runtime.conf says (docs/footprint.md, third and
 * fourth passes): shard regions, shards, rooms and the journal's actor on half the cores, at least one thread,
 * so that a message's hops stay on one thread; cluster membership on as many threads as cores, at least two. Pekko sizes a
 * fork-join dispatcher as ceil(cores × factor), bounded by its min and max.
 */
class DispatcherSizesTest {
    private static int threads(Config dispatcher, int cores) {
        Config fj = dispatcher.getConfig("fork-join-executor");
        int scaled = (int) Math.ceil(cores * fj.getDouble("parallelism-factor"));
        return Math.min(Math.max(scaled, fj.getInt("parallelism-min")), fj.getInt("parallelism-max"));
    }

    @Test
    void roomsGetHalfTheCoresAndPekkosOwnActorsAllOfThem() {
        Config pekko = Node.defaults().getConfig("pekko.actor");
        Config rooms = pekko.getConfig("default-dispatcher");
        Config internal = pekko.getConfig("internal-dispatcher");
        int[] cores = {1, 2, 3, 4, 16, 64};
        int[] roomThreads = {1, 1, 2, 2, 8, 32};
        int[] internalThreads = {2, 2, 3, 4, 16, 64};
        for (int i = 0; i < cores.length; i++) {
            assertEquals(roomThreads[i], threads(rooms, cores[i]), "rooms' threads on " + cores[i] + " cores");
            assertEquals(internalThreads[i], threads(internal, cores[i]), "cluster's threads on " + cores[i] + " cores");
        }
        assertEquals("pekko.actor.default-dispatcher", Node.defaults().getString("parley-journal.plugin-dispatcher"),
                "the journal's actor shares the rooms' thread");
        assertEquals("pekko.actor.default-dispatcher", Node.defaults().getString("pekko.cluster.sharding.use-dispatcher"),
                "so do the shard regions and shards that a message to a room goes through");
    }
}
