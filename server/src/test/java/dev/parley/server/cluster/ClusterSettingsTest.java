package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How parley.cluster turns into Pekko's settings, for each way a node finds the others. */
class ClusterSettingsTest {
    static Config with(Map<String, Object> settings) {
        return ConfigFactory.parseMap(settings).withFallback(Node.defaults()).resolve();
    }

    @Test
    void theDefaultIsAClusterOfOneWithoutManagement() {
        ClusterSettings s = ClusterSettings.from(with(Map.of()));
        assertThat(s.discovery()).isEqualTo(ClusterSettings.Discovery.SELF);
        assertThat(s.managementEnabled()).isFalse();
        assertThat(s.pekkoSettings()).containsEntry("pekko.cluster.seed-nodes", java.util.List.of());
    }

    @Test
    void seedNodesListedMeanSeedNodes() {
        ClusterSettings s = ClusterSettings.from(with(Map.of("parley.cluster.seed-nodes", java.util.List.of("pekko://parley@10.0.0.1:25520"))));
        assertThat(s.discovery()).isEqualTo(ClusterSettings.Discovery.SEED_NODES);
        assertThat(s.pekkoSettings()).containsEntry("pekko.cluster.seed-nodes", java.util.List.of("pekko://parley@10.0.0.1:25520"));
        assertThatThrownBy(() -> ClusterSettings.from(with(Map.of("parley.cluster.discovery", "seed-nodes"))))
                .hasMessageContaining("seed-nodes is empty");
    }

    @Test
    void configDiscoveryListsEveryContactPointEvenOnOneHost() {
        ClusterSettings s = ClusterSettings.from(with(Map.of("parley.cluster.discovery", "config",
                "parley.cluster.bootstrap.contact-points", "127.0.0.1:8558, 127.0.0.1:8568", "parley.cluster.management.port", 8568)));
        assertThat(s.managementEnabled()).as("Cluster Bootstrap needs Pekko Management").isTrue();
        Config pekko = ConfigFactory.parseMap(s.pekkoSettings());
        assertThat(pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method")).isEqualTo("config");
        assertThat(pekko.getConfigList("pekko.discovery.config.services.parley.endpoints")).hasSize(2);
        assertThat(pekko.getConfigList("pekko.discovery.config.services.parley.endpoints").get(1).getInt("port")).isEqualTo(8568);
        assertThat(pekko.getBoolean("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port")).isFalse();
        assertThat(pekko.getInt("pekko.management.http.port")).isEqualTo(8568);
        assertThatThrownBy(() -> ClusterSettings.from(with(Map.of("parley.cluster.discovery", "config")))).hasMessageContaining("contact-points");
    }

    @Test
    void kubernetesDiscoveryFindsPodsByLabelAndManagementPortName() {
        ClusterSettings s = ClusterSettings.from(with(Map.of("parley.cluster.discovery", "kubernetes",
                "parley.cluster.bootstrap.pod-label-selector", "app=chat")));
        Config pekko = ConfigFactory.parseMap(s.pekkoSettings());
        assertThat(pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method")).isEqualTo("kubernetes-api");
        assertThat(pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name")).isEqualTo("management");
        assertThat(pekko.getString("pekko.discovery.kubernetes-api.pod-label-selector")).isEqualTo("app=chat");
    }

    @Test
    void theSplitBrainResolverIsKeepMajority() {
        Config c = Node.defaults();
        assertThat(c.getString("pekko.cluster.downing-provider-class")).endsWith("SplitBrainResolverProvider");
        assertThat(c.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        // tuned for failover (README, "Failover"): a dead node's rooms run elsewhere about 2 + 3 + 3 s after it went silent
        assertThat(c.getDuration("pekko.cluster.split-brain-resolver.stable-after")).hasSeconds(3);
        assertThat(c.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause")).hasSeconds(2);
        assertThat(c.getBoolean("pekko.cluster.sharding.remember-entities")).as("per entity type: rooms only").isFalse();
        assertThat(c.getString("parley.cluster.freeze-limit")).isEqualTo("auto");
    }

    @Test
    void anUnknownDiscoveryIsRefused() {
        assertThatThrownBy(() -> ClusterSettings.from(with(Map.of("parley.cluster.discovery", "dns")))).hasMessageContaining("dns");
    }

    @Test
    void everyNodeOfAClusterHasTheSameNumberOfShards() {
        // docs/footprint.md: each shard started costs a node about 3 KB; 100 by default, 10 times a cluster of 10
        ClusterSettings s = ClusterSettings.from(with(Map.of()));
        assertThat(s.pekkoSettings()).containsEntry("pekko.cluster.sharding.number-of-shards", 100);
        ClusterSettings more = ClusterSettings.from(with(Map.of("parley.cluster.shards", 300)));
        assertThat(more.pekkoSettings()).containsEntry("pekko.cluster.sharding.number-of-shards", 300);
        assertThatThrownBy(() -> ClusterSettings.from(with(Map.of("parley.cluster.shards", 0)))).hasMessageContaining("parley.cluster.shards");
        // a joining node with another count is refused (Pekko runs the checker the node's configuration names)
        Config cluster = ConfigFactory.parseMap(s.pekkoSettings()).withFallback(Node.defaults()).resolve();
        assertThat(cluster.getString("pekko.cluster.configuration-compatibility-check.checkers.parley-shards")).isEqualTo(ShardCountCheck.class.getName());
        assertThat(cluster.getBoolean("pekko.cluster.configuration-compatibility-check.enforce-on-join")).isTrue();
        ShardCountCheck check = new ShardCountCheck();
        Config joining = ConfigFactory.parseMap(more.pekkoSettings());
        assertThat(check.check(joining, cluster)).isInstanceOf(org.apache.pekko.cluster.Invalid.class);
        assertThat(check.check(ConfigFactory.parseMap(s.pekkoSettings()), cluster)).isEqualTo(org.apache.pekko.cluster.Valid$.MODULE$);
    }
}
