package dev.parley.server.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often one remote address may do something on this node (open a connection, register an account): a
 * token bucket per address, {@code count} at once and {@code count} per {@code period} after that. Buckets
 * that have filled up again are forgotten, so the table holds only the addresses active lately. Loopback
 * addresses are exempt when the node is so configured (load tests run on one machine). Thread-safe: connections
 * are accepted on every event loop.
 */
public final class AddressLimit {
    /** Past this many addresses, full buckets are swept out before a new one is added. */
    static final int SWEEP_AT = 4096;

    private final int count;
    private final double perNano;
    private final boolean exemptLoopback;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /** @param count 0 for no limit */
    public AddressLimit(int count, Duration period, boolean exemptLoopback) {
        this.count = count;
        this.perNano = count / (double) period.toNanos();
        this.exemptLoopback = exemptLoopback;
    }

    /** Whether {@code address} may do it once more now; if so, that is counted. A null address (not IP) is not limited. */
    public boolean tryAcquire(InetAddress address, long nowNanos) {
        if (count <= 0 || address == null || (exemptLoopback && address.isLoopbackAddress())) return true;
        if (buckets.size() >= SWEEP_AT) sweep(nowNanos);
        boolean[] granted = new boolean[1];
        buckets.compute(address, (a, b) -> {
            if (b == null) b = new Bucket(count, nowNanos);
            b.tokens = Math.min(count, b.tokens + (nowNanos - b.at) * perNano);
            b.at = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                granted[0] = true;
            }
            return b;
        });
        return granted[0];
    }

    /**
     * Forgets the addresses whose buckets are full again: for them, no entry and a full bucket are the same. (One
     * taken from at the same moment may be forgotten too: that address gains at most one.)
     */
    void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.tokens + (nowNanos - b.at) * perNano >= count);
    }

    int addresses() {
        return buckets.size();
    }
}
