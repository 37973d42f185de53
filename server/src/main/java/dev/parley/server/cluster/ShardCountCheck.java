package dev.parley.server.cluster;

import com.typesafe.config.Config;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a node whose number of shards ({@code parley.cluster.shards}) differs from the cluster's: a room's shard
 * is its JID's hash modulo that number, so two counts would place one room in two shards, on two nodes at once.
 * Pekko runs it on the cluster's side when a node asks to join ({@code pekko.cluster.configuration-compatibility-check},
 * enforced on join by default): the node is told why and does not join.
 */
public final class ShardCountCheck extends JoinConfigCompatChecker {
    static final String KEY = "pekko.cluster.sharding.number-of-shards";

    @Override
    public Seq<String> requiredKeys() {
        return CollectionConverters.asScala(java.util.List.of(KEY)).toList();
    }

    @Override
    public ConfigValidation check(Config toCheck, Config actualConfig) {
        return JoinConfigCompatChecker.fullMatch(requiredKeys(), toCheck, actualConfig);
    }
}
