package dev.parley.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The calibration really hands off and really round-trips, really writes to waiting readers: all three finish and cost some CPU, never none. */
class CalibrateTest {
    @Test
    void measuresBothCosts() throws Exception {
        Calibrate.Costs c = Calibrate.measure(400, 8);
        assertTrue(c.handOffMicros() > 0 && Double.isFinite(c.handOffMicros()), c.line());
        assertTrue(c.roundTripMicros() > 0 && Double.isFinite(c.roundTripMicros()), c.line());
        assertTrue(c.deliveryFloorMicros() > 0 && Double.isFinite(c.deliveryFloorMicros()), c.line());
        assertTrue(c.line().contains("hand-off") && c.line().contains("round trip") && c.line().contains("a delivery's floor"), c.line());
    }
}
