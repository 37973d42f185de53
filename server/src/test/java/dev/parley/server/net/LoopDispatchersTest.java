package dev.parley.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session actor runs on its connection's event loop, and still runs once the loops have stopped. */
class LoopDispatchersTest {
    private static final int LOOPS = 2;

    private final String key = UUID.randomUUID().toString();
    private MultiThreadIoEventLoopGroup group;
    private List<EventExecutor> loops;
    private ActorTestKit kit;

    /** Answers each probe with the thread it ran on and whether that thread is the given loop. */
    private record Where(EventExecutor loop, ActorRef<Ran> replyTo) {}

    private record Ran(String thread, boolean onLoop) {}

    private static Behavior<Where> reporter() {
        return Behaviors.receiveMessage(w -> {
            w.replyTo().tell(new Ran(Thread.currentThread().getName(), w.loop().inEventLoop()));
            return Behaviors.same();
        });
    }

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(LOOPS, NioIoHandler.newFactory());
        loops = new ArrayList<>();
        group.forEach(loops::add);
        LoopDispatchers.register(key, group);
        kit = ActorTestKit.create("loops", ConfigFactory.parseMap(LoopDispatchers.config(key, LOOPS))
                .withFallback(ConfigFactory.load()));
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
        LoopDispatchers.unregister(key);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void eachLoopIsNamedAsADispatcherAndAnUnknownLoopIsNot() {
        for (int i = 0; i < LOOPS; i++) assertEquals("parley-session-loop-" + i, LoopDispatchers.dispatcherOf(loops.get(i)));
        MultiThreadIoEventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertNull(LoopDispatchers.dispatcherOf(other.next()));
        } finally {
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void anActorOnALoopsDispatcherRunsOnThatLoop() {
        TestProbe<Ran> probe = kit.createTestProbe();
        for (int i = 0; i < LOOPS; i++) {
            EventExecutor loop = loops.get(i);
            ActorRef<Where> actor = kit.spawn(reporter(), "on-loop-" + i, DispatcherSelector.fromConfig(LoopDispatchers.dispatcherOf(loop)));
            for (int n = 0; n < 50; n++) actor.tell(new Where(loop, probe.ref()));
            for (int n = 0; n < 50; n++) assertTrue(probe.receiveMessage().onLoop(), "message " + n + " ran off loop " + i);
        }
    }

    @Test
    void onceTheLoopsHaveStoppedTheActorsStillRun() {
        TestProbe<Ran> probe = kit.createTestProbe();
        EventExecutor loop = loops.get(0);
        ActorRef<Where> actor = kit.spawn(reporter(), "outlives-loop", DispatcherSelector.fromConfig(LoopDispatchers.dispatcherOf(loop)));
        actor.tell(new Where(loop, probe.ref()));
        assertTrue(probe.receiveMessage().onLoop());

        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        actor.tell(new Where(loop, probe.ref()));
        Ran after = probe.receiveMessage();
        assertFalse(after.onLoop());
        assertTrue(after.thread().startsWith("ForkJoinPool.commonPool"), "ran on " + after.thread());
    }

    /** A loop that counts how work is handed to it: with a wake-up ({@code execute}) or without ({@code lazyExecute}). */
    private static final class CountingLoop extends io.netty.channel.DefaultEventLoop {
        final java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger lazy = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void execute(Runnable task) {
            if (!inEventLoop()) woken.incrementAndGet();
            super.execute(task);
        }

        @Override
        public void lazyExecute(Runnable task) {
            lazy.incrementAndGet();
            super.lazyExecute(task);
        }
    }

    @Test
    void workHandedToALoopDuringAFanOutWakesItOnceAtTheEndAndAllOfItRunsInOrder() throws Exception {
        CountingLoop loop = new CountingLoop();
        try {
            LoopDispatchers.OnLoop executor = new LoopDispatchers.OnLoop(loop);
            List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
            executor.execute(() -> {
                ran.add(0);
                first.countDown();
            });
            assertTrue(first.await(10, TimeUnit.SECONDS));
            assertEquals(1, loop.woken.get(), "outside a fan-out each hand-over may wake the loop");

            java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(10);
            dev.parley.server.delivery.WakeUps.begin();
            try {
                dev.parley.server.delivery.WakeUps.begin(); // nested: the outer end wakes
                try {
                    for (int i = 1; i <= 10; i++) {
                        int n = i;
                        executor.execute(() -> {
                            ran.add(n);
                            all.countDown();
                        });
                    }
                } finally {
                    dev.parley.server.delivery.WakeUps.end();
                }
                assertEquals(10, loop.lazy.get(), "queued without a wake-up");
                assertEquals(1, loop.woken.get(), "not woken before the fan-out ends");
            } finally {
                dev.parley.server.delivery.WakeUps.end();
            }
            assertEquals(2, loop.woken.get(), "woken once at the end");
            assertTrue(all.await(10, TimeUnit.SECONDS), "everything queued ran: " + ran);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ran);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void actorsOnTheLoopsToldDuringAFanOutAllGetTheirMessages() {
        TestProbe<Ran> probe = kit.createTestProbe();
        List<ActorRef<Where>> actors = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EventExecutor loop = loops.get(i % LOOPS);
            actors.add(kit.spawn(reporter(), "fan-out-" + i, DispatcherSelector.fromConfig(LoopDispatchers.dispatcherOf(loop))));
        }
        dev.parley.server.delivery.WakeUps.begin();
        try {
            for (int i = 0; i < actors.size(); i++) actors.get(i).tell(new Where(loops.get(i % LOOPS), probe.getRef()));
        } finally {
            dev.parley.server.delivery.WakeUps.end();
        }
        for (int i = 0; i < actors.size(); i++) assertTrue(probe.receiveMessage().onLoop(), "each ran on its own loop");
    }
}
