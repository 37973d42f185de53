package dev.parley.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle session's next tick is when its client is due a ping, not every few seconds (NextTick). */
class NextTickTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long PING_INTERVAL = 60 * SECOND;
    private static final long TICK = 5 * SECOND;

    @Test
    void anIdleSessionTicksWhenItsClientIsDueAPing() {
        long now = 1_000 * SECOND;
        assertEquals(PING_INTERVAL + NextTick.MARGIN_NANOS, NextTick.delay(now, false, now, PING_INTERVAL, TICK), "the client just spoke");
        assertEquals(40 * SECOND + NextTick.MARGIN_NANOS, NextTick.delay(now, false, now - 20 * SECOND, PING_INTERVAL, TICK));
    }

    @Test
    void nearTheDueTimeOrPastItTheTickIsNoSoonerThanItsPeriod() {
        long now = 1_000 * SECOND;
        assertEquals(TICK, NextTick.delay(now, false, now - 58 * SECOND, PING_INTERVAL, TICK));
        assertEquals(TICK, NextTick.delay(now, false, now - 600 * SECOND, PING_INTERVAL, TICK));
    }

    @Test
    void whileAnythingWaitsOnItTheTickComesEveryPeriod() {
        long now = 1_000 * SECOND;
        assertEquals(TICK, NextTick.delay(now, true, now, PING_INTERVAL, TICK));
    }
}
