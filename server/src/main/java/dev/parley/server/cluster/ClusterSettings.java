package dev.parley.server.cluster;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a node is a member of a cluster ({@code parley.cluster}, documented in reference.conf): its address,
 * how it finds the others, Pekko Management's endpoint. Turned into the Pekko settings they stand for.
 */
public record ClusterSettings(String hostname, int port, Discovery discovery, List<String> seedNodes, List<String> contactPoints,
        String serviceName, int requiredContactPoints, String podLabelSelector, boolean managementEnabled, String managementHostname,
        int managementPort, int shards) {

    /** self: a cluster of one, formed at once (the default); seed-nodes: the listed nodes; config, kubernetes: Cluster Bootstrap. */
    public enum Discovery { SELF, SEED_NODES, CONFIG, KUBERNETES }

    public static ClusterSettings from(Config root) {
        Config c = root.getConfig("parley.cluster");
        List<String> seeds = List.copyOf(c.getStringList("seed-nodes"));
        String d = c.getString("discovery").trim().toLowerCase(Locale.ROOT);
        Discovery discovery = switch (d) {
            case "self" -> seeds.isEmpty() ? Discovery.SELF : Discovery.SEED_NODES;
            case "seed-nodes" -> Discovery.SEED_NODES;
            case "config" -> Discovery.CONFIG;
            case "kubernetes", "kubernetes-api" -> Discovery.KUBERNETES;
            default -> throw new IllegalArgumentException("parley.cluster.discovery must be self, seed-nodes, config or kubernetes, not '" + d + "'");
        };
        if (discovery == Discovery.SEED_NODES && seeds.isEmpty()) throw new IllegalArgumentException("parley.cluster.seed-nodes is empty");
        List<String> contacts = new ArrayList<>();
        for (String s : c.getString("bootstrap.contact-points").split(",")) if (!s.isBlank()) contacts.add(s.strip());
        if (discovery == Discovery.CONFIG && contacts.isEmpty()) {
            throw new IllegalArgumentException("parley.cluster.bootstrap.contact-points lists no host:port (discovery = config)");
        }
        String mgmt = c.getString("management.enabled").trim().toLowerCase(Locale.ROOT);
        boolean management = switch (mgmt) {
            case "auto" -> discovery == Discovery.CONFIG || discovery == Discovery.KUBERNETES;
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("parley.cluster.management.enabled must be auto, on or off");
        };
        String mgmtHost = c.getString("management.hostname");
        return new ClusterSettings(c.getString("hostname"), c.getInt("port"), discovery, seeds, List.copyOf(contacts),
                c.getString("bootstrap.service-name"), c.getInt("bootstrap.required-contact-points"), c.getString("bootstrap.pod-label-selector"),
                management, mgmtHost.isBlank() ? c.getString("hostname") : mgmtHost, c.getInt("management.port"), shards(c));
    }

    private static int shards(Config c) {
        int n = c.getInt("shards");
        if (n < 1) throw new IllegalArgumentException("parley.cluster.shards must be 1 or more, not " + n);
        return n;
    }

    /** The Pekko settings these stand for. */
    public Map<String, Object> pekkoSettings() {
        Map<String, Object> m = new HashMap<>();
        m.put("pekko.remote.artery.canonical.hostname", hostname);
        m.put("pekko.remote.artery.canonical.port", port);
        // the shards of each entity type (rooms, users); every node must use the same number: ShardCountCheck
        m.put("pekko.cluster.sharding.number-of-shards", shards);
        m.put("pekko.cluster.seed-nodes", discovery == Discovery.SEED_NODES ? seedNodes : List.of());
        m.put("pekko.management.http.hostname", managementHostname);
        m.put("pekko.management.http.port", managementPort);
        String boot = "pekko.management.cluster.bootstrap.contact-point-discovery.";
        m.put(boot + "service-name", serviceName);
        m.put(boot + "required-contact-point-nr", requiredContactPoints);
        if (discovery == Discovery.CONFIG) {
            m.put(boot + "discovery-method", "config");
            // several nodes on one host (a local cluster): every listed port is a contact point, not only the one
            // equal to this node's own management port (Cluster Bootstrap's filter for one port per host)
            m.put("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
            List<Map<String, Object>> endpoints = new ArrayList<>();
            for (String cp : contactPoints) {
                int colon = cp.lastIndexOf(':');
                if (colon < 0) throw new IllegalArgumentException("a contact point is host:port (of Pekko Management), not " + cp);
                endpoints.add(Map.of("host", cp.substring(0, colon), "port", Integer.parseInt(cp.substring(colon + 1))));
            }
            m.put("pekko.discovery.config.services." + serviceName + ".endpoints", endpoints);
        } else if (discovery == Discovery.KUBERNETES) {
            m.put(boot + "discovery-method", "kubernetes-api");
            m.put(boot + "port-name", "management");
            m.put("pekko.discovery.kubernetes-api.pod-label-selector", podLabelSelector);
        }
        return m;
    }
}
