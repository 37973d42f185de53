package dev.parley.server.federation;

import dev.parley.server.net.TcpConnection;
import java.time.Duration;

/**
 * A peer server that does not read what this node sends it (RFC 6120 §13.12: a party may limit what it buffers
 * for another): past {@code limit} bytes waiting in the socket nothing more is written, each stanza bounces
 * instead, and if the backlog is still over the limit after {@code grace} the stream is closed. What a link asks
 * before each write, and once more when its grace is up.
 */
final class SlowPeer {
    private final long limit;
    private final Duration grace;
    private long since;

    SlowPeer(long limit, Duration grace) {
        this.limit = limit;
        this.grace = grace;
    }

    /** Whether a stanza may be written now; if not, and this starts a backlog, {@code startGrace} is called. */
    boolean mayWrite(TcpConnection connection, Runnable startGrace) {
        if (connection.queuedBytes() <= limit) {
            since = 0;
            return true;
        }
        if (since == 0) {
            since = System.nanoTime();
            startGrace.run();
        }
        return false;
    }

    /** When the grace is up: whether the peer still has not read enough (the stream is to be closed). */
    boolean stillBehind(TcpConnection connection) {
        if (connection == null || connection.queuedBytes() <= limit) {
            since = 0;
            return false;
        }
        return true;
    }

    Duration grace() {
        return grace;
    }
}
