package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node configured with another number of shards than the cluster's is refused when it asks to join, and
 * stops (Pekko's join configuration check, ShardCountCheck): otherwise one room would have a shard on each
 * side, and two live copies.
 */
class ShardCountCheckTest {
    @Test
    void aNodeWithAnotherNumberOfShardsIsRefused() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            var first = Cluster.get(cluster.node(1).node.system());
            String seed = first.selfMember().address().toString();
            NodeFixture other = new NodeFixture(Map.of("parley.cluster.discovery", "seed-nodes", "parley.cluster.seed-nodes", List.of(seed),
                    "parley.cluster.shards", 50, "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on", "parley.cluster.freeze-limit", "off"));
            try {
                // the refused node shuts itself down (CoordinatedShutdown, incompatible configuration detected)
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> other.node.system().whenTerminated().isCompleted());
                assertThat(first.state().getMembers()).as("the cluster is still the one node").hasSize(1);
            } finally {
                other.close();
            }
        }
    }
}
