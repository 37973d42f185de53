package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Ports for servers a test starts later come from below the kernel's ephemeral range, and can be bound. */
class FreePortsTest {
    @Test
    void aPickedPortIsOutsideTheEphemeralRangeAndFree() throws Exception {
        int low = FreePorts.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.pick();
            assertThat(port).isBetween(1024, low - 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /** Picked before anything binds them (a test's several listeners): never the same port twice. */
    @Test
    void portsPickedBeforeAnyIsBoundAreAllDifferent() throws Exception {
        java.util.Set<Integer> picked = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) assertThat(picked.add(FreePorts.pick())).isTrue();
    }
}
