package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node configured with another number of shards than the cluster's is refused when it asks to join, and
 * stops (Pekko's join configuration check, ShardCountCheck): otherwise one room would have a shard on each
 * side, and two live copies. The joining side is a bare actor system with a node's Pekko settings (the same
 * configuration Node.start gives its system), so that the refusal, which comes within a second, does not race
 * the rest of a node's start.
 */
class ShardCountCheckTest {
    @Test
    void aNodeWithAnotherNumberOfShardsIsRefused() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            var first = Cluster.get(cluster.node(1).node.system());
            Config base = ConfigFactory.parseMap(Map.of("parley.cluster.shards", 50, "parley.cluster.port", 0,
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on")).withFallback(Node.defaults()).resolve();
            ClusterSettings settings = ClusterSettings.from(base);
            Config config = ConfigFactory.parseMap(settings.pekkoSettings()).withFallback(base).resolve();
            assertThat(config.getInt("pekko.cluster.sharding.number-of-shards")).isEqualTo(50);
            ActorSystem<Void> joining = ActorSystem.create(Behaviors.empty(), "parley", config);
            try {
                // through the seed-node handshake, as a node started with seed-nodes joins (the check runs there)
                Cluster.get(joining).manager().tell(new JoinSeedNodes(java.util.List.of(first.selfMember().address())));
                // refused: its coordinated shutdown ends its actor system (incompatible configuration detected)
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> joining.whenTerminated().isCompleted());
                assertThat(first.state().getMembers()).as("the cluster is still the one node").hasSize(1);
            } finally {
                joining.terminate();
            }
        }
    }
}
