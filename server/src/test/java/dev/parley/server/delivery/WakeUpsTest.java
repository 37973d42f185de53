package dev.parley.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A fan-out wakes each deferred thread once, at its outermost end, and one failing wake-up does not skip the others. */
class WakeUpsTest {
    private static final class Counted implements WakeUps.Deferrable {
        final AtomicInteger wakes = new AtomicInteger();

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    }

    @Test
    void outsideABatchNothingIsDeferred() {
        Counted c = new Counted();
        assertFalse(WakeUps.defer(c));
        assertEquals(0, c.wakes.get());
    }

    @Test
    void eachDeferredThreadIsWokenOnceAtTheOutermostEnd() {
        Counted a = new Counted();
        Counted b = new Counted();
        WakeUps.begin();
        try {
            assertTrue(WakeUps.defer(a));
            WakeUps.begin();
            try {
                assertTrue(WakeUps.defer(a));
                assertTrue(WakeUps.defer(b));
            } finally {
                WakeUps.end();
            }
            assertEquals(0, a.wakes.get(), "not at the inner end");
            for (int i = 0; i < 10; i++) WakeUps.defer(b);
        } finally {
            WakeUps.end();
        }
        assertEquals(1, a.wakes.get());
        assertEquals(1, b.wakes.get());
        assertFalse(WakeUps.defer(a), "the batch is over");
    }

    @Test
    void manyThreadsAreAllWokenAndAFailingOneDoesNotSkipTheRest() {
        Counted[] many = new Counted[9];
        WakeUps.begin();
        for (int i = 0; i < many.length; i++) {
            many[i] = new Counted();
            WakeUps.defer(many[i]);
            if (i == 2) WakeUps.defer(() -> {
                throw new IllegalStateException("a loop gone");
            });
        }
        assertThrows(IllegalStateException.class, WakeUps::end);
        for (Counted c : many) assertEquals(1, c.wakes.get());
        Counted after = new Counted();
        assertFalse(WakeUps.defer(after), "the failed batch is over all the same");
    }
}
