package dev.parley.server.fencing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.server.NodeFixture;
import dev.parley.server.cluster.ClusterFixture;
import java.time.Duration;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The sides of a partition are recounted every tick only where there can be a partition: once the node has seen
 * another member. A node of its own is never on a losing side ({@link MajorityTest}), and does not wake ten times a
 * second to find it out.
 */
class FencingTest {
    @Test
    void aNodeAloneDoesNotRecountTheSidesAndNodesTogetherDo() throws Exception {
        try (NodeFixture alone = new NodeFixture()) {
            var system = alone.node.system();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Cluster.get(system).selfMember().status() == MemberStatus.up());
            Thread.sleep(2 * Fencing.TICK.toMillis()); // its events delivered
            assertFalse(Fencing.get(system).recounting(), "alone: nothing to count");
            assertTrue(Fencing.get(system).serving());
        }
        try (ClusterFixture two = new ClusterFixture(2)) {
            for (int k = 1; k <= 2; k++) {
                var fencing = Fencing.get(two.node(k).node.system());
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(fencing::recounting);
                assertTrue(fencing.serving());
            }
        }
    }
}
