package dev.parley.server.session;

/**
 * When a session's next tick comes. The tick does a session's timed work (Session.onTick): the authentication
 * timeout, a ping to a client silent for ping-interval and the close of one that does not answer (XEP-0199), a
 * request for acknowledgements (XEP-0198), the bounce of a groupchat message its room never reflected, the close of a
 * client that does not read.
 *
 * <p>While any of that waits (the stream is not yet bound, a ping is out, a stanza is unacknowledged, a message
 * awaits its reflection, output is queued over the limit) the tick comes every {@code tick} (ping-interval / 4,
 * between 1 and 5 s). Otherwise nothing can be due before the client's silence reaches ping-interval, and the next
 * tick comes then: an idle connection wakes its event loop once a ping-interval (60 s), not every 5 s
 * (docs/footprint.md, ninth pass). Whatever starts waiting meanwhile brings the tick back within {@code tick}.
 */
final class NextTick {
    /** After the ping is due, not on the boundary: the check is "silent for longer than ping-interval". */
    static final long MARGIN_NANOS = 1_000_000;

    private NextTick() {}

    /**
     * Nanoseconds from {@code now} to the next tick.
     *
     * @param waiting whether anything waits on the tick (see the class comment)
     * @param lastInbound when the client last sent anything ({@link System#nanoTime()})
     */
    static long delay(long now, boolean waiting, long lastInbound, long pingIntervalNanos, long tickNanos) {
        if (waiting) return tickNanos;
        long untilPing = lastInbound + pingIntervalNanos - now;
        return Math.max(tickNanos, untilPing + MARGIN_NANOS);
    }
}
