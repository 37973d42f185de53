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
}
