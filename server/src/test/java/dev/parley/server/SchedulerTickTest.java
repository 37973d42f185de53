package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.junit.jupiter.api.Test;

/**
 * The node's scheduler ticks every 100 ms, not every 10 ms (parley-runtime.conf; docs/footprint.md, ninth and tenth
 * passes), and the cluster shares it instead of starting a scheduler of its own, which it does when the system's ticks
 * are coarser than its own: the cluster's tick is set to match.
 */
class SchedulerTickTest {
    @Test
    void theNodeTicksAsTheClusterDoesAndTheClusterSharesItsScheduler() throws Exception {
        Config defaults = Node.defaults().resolve();
        assertEquals(Duration.ofMillis(100), defaults.getDuration("pekko.scheduler.tick-duration"));
        assertTrue(defaults.getDuration("pekko.scheduler.tick-duration").compareTo(defaults.getDuration("pekko.cluster.scheduler.tick-duration")) <= 0,
                "no coarser than the cluster's tick");
        Config config = ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0\npekko.loglevel = WARNING").withFallback(defaults).resolve();
        ActorSystem system = ActorSystem.create("tick-test", config);
        try {
            Cluster.get(system);
            CountDownLatch ran = new CountDownLatch(1);
            long start = System.nanoTime();
            system.scheduler().scheduleOnce(Duration.ofMillis(150), ran::countDown, system.dispatcher());
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "a timer does not fire before its time");
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                assertFalse(t.getName().startsWith("tick-test") && t.getName().contains("cluster-scheduler"),
                        "the cluster started a scheduler of its own: " + t.getName());
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
