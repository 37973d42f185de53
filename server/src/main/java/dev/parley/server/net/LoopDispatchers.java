package dev.parley.server.net;

import com.typesafe.config.Config;
import dev.parley.server.delivery.WakeUps;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * The client event loops as Pekko dispatchers, one per loop: a session actor runs on its own connection's
 * event loop. What it sends is then written on the thread that owns the socket, and a stanza for a
 * session wakes one thread (the loop) rather than two (a dispatcher thread, then the loop). Each node
 * registers its loops under a key of its own; its configuration names one dispatcher per loop
 * ({@link #config}), each built by {@link Configurator}.
 *
 * <p>A session never blocks (its account-store work runs on the blocking dispatcher), so it may share
 * the loop with the sockets. When the loops are gone (the node is stopping) the remaining mailbox runs go
 * to the common pool, so every actor can still finish.
 */
public final class LoopDispatchers {
    private LoopDispatchers() {}

    private static final String PREFIX = "parley-session-loop-";
    private static final Map<String, List<EventExecutor>> LOOPS = new ConcurrentHashMap<>();
    private static final Map<EventExecutor, String> DISPATCHER = new ConcurrentHashMap<>();

    /** The dispatcher settings for a node with {@code loops} client event loops registered under {@code key}. */
    public static Map<String, Object> config(String key, int loops) {
        Map<String, Object> c = new HashMap<>();
        for (int i = 0; i < loops; i++) {
            c.put(PREFIX + i + ".type", "Dispatcher");
            c.put(PREFIX + i + ".executor", Configurator.class.getName());
            c.put(PREFIX + i + ".throughput", 32);
            c.put(PREFIX + i + ".node-key", key);
            c.put(PREFIX + i + ".loop-index", i);
        }
        return c;
    }

    static void register(String key, EventLoopGroup group) {
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        LOOPS.put(key, List.copyOf(loops));
        for (int i = 0; i < loops.size(); i++) DISPATCHER.put(loops.get(i), PREFIX + i);
    }

    static void unregister(String key) {
        List<EventExecutor> loops = LOOPS.remove(key);
        if (loops != null) loops.forEach(DISPATCHER::remove);
    }

    /** The dispatcher of the loop {@code loop}, or null for a loop not registered (a test's own channel). */
    static String dispatcherOf(EventExecutor loop) {
        return DISPATCHER.get(loop);
    }

    /** Pekko's {@code executor = "…Configurator"}: the dispatcher's executor is its event loop. */
    public static final class Configurator extends ExecutorServiceConfigurator {
        private final Config config;

        public Configurator(Config config, DispatcherPrerequisites prerequisites) {
            super(config, prerequisites);
            this.config = config;
        }

        @Override
        public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
            String key = config.getString("node-key");
            int index = config.getInt("loop-index");
            return new ExecutorServiceFactory() {
                @Override
                public ExecutorService createExecutorService() {
                    List<EventExecutor> loops = LOOPS.get(key);
                    if (loops == null || index >= loops.size()) throw new IllegalStateException("no event loop " + index + " for " + id);
                    return new OnLoop(loops.get(index));
                }
            };
        }
    }

    /**
     * Runs on the loop; once the loop is shut down, on the common pool. Shutting it down is the listeners' business.
     * Work handed over from another thread during a fan-out ({@link WakeUps#begin}) is queued without waking
     * the loop, which is woken once when the fan-out ends.
     */
    static final class OnLoop extends AbstractExecutorService implements WakeUps.Deferrable {
        private static final Runnable NOTHING = () -> {};
        private final EventExecutor loop;
        /** The loop's queue without a wake-up, when it has one (Netty's single-threaded loops do). */
        private final SingleThreadEventExecutor lazy;

        OnLoop(EventExecutor loop) {
            this.loop = loop;
            this.lazy = loop instanceof SingleThreadEventExecutor s ? s : null;
        }

        @Override
        public void execute(Runnable task) {
            try {
                if (lazy != null && !loop.inEventLoop() && WakeUps.defer(this)) lazy.lazyExecute(task);
                else loop.execute(task);
            } catch (RejectedExecutionException stopping) {
                ForkJoinPool.commonPool().execute(task);
            }
        }

        @Override
        public void wake() {
            try {
                loop.execute(NOTHING); // wakes the loop if it sleeps; it then runs what was queued before
            } catch (RejectedExecutionException stopping) {
                // the loop is shutting down: it runs what is queued before it stops, without being woken
            }
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
