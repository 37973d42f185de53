package dev.parley.server.cluster;

import dev.parley.server.NodeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.awaitility.Awaitility;

/**
 * Several nodes in one JVM forming one cluster, for fast multi-node coverage: each its own actor system,
 * cluster port and client ports; one data directory, so they share the embedded database (accounts, the
 * room journal) and the TLS certificate, as the nodes of a real cluster share PostgreSQL. Every message
 * between actors is serialised (pekko.actor.serialize-messages = on), as if it crossed the network, unless
 * it says it is node-local by design.
 */
public final class ClusterFixture implements AutoCloseable {
    public final List<NodeFixture> nodes = new ArrayList<>();
    private final Path dataDir;

    public ClusterFixture(int n) throws Exception {
        this(n, Map.of());
    }

    public ClusterFixture(int n, Map<String, Object> overrides) throws Exception {
        this(n, i -> overrides);
    }

    /** {@code perNode}: each node's own settings on top (node 0 first), e.g. a port of its own. */
    public ClusterFixture(int n, java.util.function.IntFunction<Map<String, Object>> perNode) throws Exception {
        dataDir = Files.createTempDirectory("parley-cluster");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) ports.add(freePort());
        String seed = "pekko://parley@127.0.0.1:" + ports.get(0);
        try {
            for (int i = 0; i < n; i++) {
                Map<String, Object> s = new HashMap<>();
                s.put("parley.data-dir", dataDir.toString());
                s.put("parley.cluster.port", ports.get(i));
                s.put("parley.cluster.discovery", "seed-nodes");
                s.put("parley.cluster.seed-nodes", List.of(seed));
                s.put("pekko.actor.serialize-messages", "on");
                s.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
                // three nodes in one JVM on a shared CI machine: patient failure detection, no self-fencing
                // (the real settings are exercised with real processes, ClusterProcessIT)
                s.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", "5s");
                s.put("pekko.cluster.split-brain-resolver.stable-after", "10s");
                s.put("parley.cluster.freeze-limit", "off");
                s.putAll(perNode.apply(i));
                nodes.add(new NodeFixture(s));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::allUp);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Every node sees every node Up. */
    boolean allUp() {
        for (NodeFixture f : nodes) {
            var state = Cluster.get(f.node.system()).state();
            long up = java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up()).count();
            if (up != nodes.size()) return false;
        }
        return true;
    }

    public NodeFixture node(int k) {
        return nodes.get(k - 1);
    }

    /** The node (1-based) whose memory holds the room now, or 0. */
    public int hostOf(String roomJid) throws Exception {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).node.loadedRooms().contains(roomJid)) return i + 1;
        return 0;
    }

    static int freePort() throws Exception {
        return dev.parley.server.FreePorts.pick();
    }

    @Override
    public void close() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
