package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-address token bucket, on a clock the test moves. */
class AddressLimitTest {
    static final long S = 1_000_000_000L;

    static InetAddress ip(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    @Test
    void aBurstThenTheRateEachAddressOnItsOwn() throws Exception {
        AddressLimit limit = new AddressLimit(3, Duration.ofSeconds(30), false); // 3 at once, then one every 10 s
        InetAddress a = ip("192.0.2.1"), b = ip("192.0.2.2");
        for (int i = 0; i < 3; i++) assertThat(limit.tryAcquire(a, 0)).isTrue();
        assertThat(limit.tryAcquire(a, 0)).isFalse();
        assertThat(limit.tryAcquire(b, 0)).as("another address has its own bucket").isTrue();
        assertThat(limit.tryAcquire(a, 9 * S)).isFalse();
        assertThat(limit.tryAcquire(a, 10 * S + S / 2)).as("one back every 10 s (3 per 30 s)").isTrue();
        assertThat(limit.tryAcquire(a, 10 * S + S / 2)).isFalse();
        assertThat(limit.tryAcquire(a, 1000 * S)).isTrue();
        for (int i = 0; i < 2; i++) assertThat(limit.tryAcquire(a, 1000 * S)).as("refilled to the burst, not beyond").isTrue();
        assertThat(limit.tryAcquire(a, 1000 * S)).isFalse();
    }

    @Test
    void loopbackIsExemptOnlyWhenConfiguredAndZeroIsNoLimit() throws Exception {
        AddressLimit exempt = new AddressLimit(1, Duration.ofHours(1), true);
        AddressLimit strict = new AddressLimit(1, Duration.ofHours(1), false);
        for (String lo : new String[] {"127.0.0.1", "::1"}) {
            for (int i = 0; i < 5; i++) assertThat(exempt.tryAcquire(ip(lo), 0)).isTrue();
            assertThat(strict.tryAcquire(ip(lo), 0)).isTrue();
            assertThat(strict.tryAcquire(ip(lo), 0)).isFalse();
        }
        assertThat(exempt.tryAcquire(ip("192.0.2.1"), 0)).isTrue();
        assertThat(exempt.tryAcquire(ip("192.0.2.1"), 0)).as("only loopback is exempt").isFalse();
        AddressLimit off = new AddressLimit(0, Duration.ofSeconds(1), false);
        for (int i = 0; i < 100; i++) assertThat(off.tryAcquire(ip("192.0.2.1"), 0)).isTrue();
        assertThat(off.addresses()).isZero();
        assertThat(strict.tryAcquire(null, 0)).as("no IP address (not a socket): not limited").isTrue();
    }

    @Test
    void theTableKeepsOnlyAddressesActiveLately() throws Exception {
        AddressLimit limit = new AddressLimit(2, Duration.ofSeconds(10), false);
        for (int i = 0; i < AddressLimit.SWEEP_AT; i++) limit.tryAcquire(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 0);
        assertThat(limit.addresses()).isEqualTo(AddressLimit.SWEEP_AT);
        InetAddress busy = ip("192.0.2.7");
        limit.tryAcquire(busy, 9 * S);
        limit.tryAcquire(busy, 9 * S);
        // at 10 s every earlier bucket is full again: the next new address sweeps them out; the busy one stays
        limit.tryAcquire(ip("192.0.2.8"), 10 * S);
        assertThat(limit.addresses()).isEqualTo(2);
        assertThat(limit.tryAcquire(busy, 10 * S)).isFalse();
    }
}
