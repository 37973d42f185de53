package dev.parley.server.session;

import java.time.Duration;
import dev.parley.server.delivery.Inbox;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * When a session's next tick comes. The tick does a session's timed work (Session.onTick): the authentication
 * timeout, a ping to a client silent for ping-interval and the close of one that does not answer (XEP-0199), a
 * request for acknowledgements (XEP-0198), the bounce of a groupchat message its room never reflected, the close of a
 * client that does not read.
 *
 * <p>While any of that waits (the stream is not yet bound, a ping is out, a stanza is unacknowledged, a message
 * awaits its reflection, output is queued over the limit) the tick comes every period (ping-interval / 4, between 1
 * and 5 s). Otherwise nothing can be due before the client's silence reaches ping-interval, and the next tick comes
 * then: an idle connection wakes its event loop once a ping-interval (60 s), not every 5 s (docs/footprint.md, ninth
 * pass). Whatever starts waiting meanwhile brings the tick back within a period ({@link #soon()}).
 */
final class NextTick {
    /** After the ping is due, not on the boundary: the check is "silent for longer than ping-interval". */
    static final long MARGIN_NANOS = 1_000_000;

    private final TimerScheduler<Inbox> timers;
    private final Duration period;
    private final long pingIntervalNanos;
    /** Whether the tick set is an idle session's, up to a ping-interval away, rather than within a period. */
    private boolean idle;

    /** Sets the session's first tick, a period away. */
    NextTick(TimerScheduler<Inbox> timers, Duration pingInterval) {
        this.timers = timers;
        this.pingIntervalNanos = pingInterval.toNanos();
        Duration period = pingInterval.dividedBy(4);
        if (period.compareTo(Duration.ofSeconds(1)) < 0) period = Duration.ofSeconds(1);
        if (period.compareTo(Duration.ofSeconds(5)) > 0) period = Duration.ofSeconds(5);
        this.period = period;
        timers.startSingleTimer(Session.Tick.INSTANCE, period);
    }

    /** After a tick at {@code now}: sets the next. */
    void after(long now, boolean waiting, long lastInbound) {
        long delay = delay(now, waiting, lastInbound, pingIntervalNanos, period.toNanos());
        idle = delay > period.toNanos();
        timers.startSingleTimer(Session.Tick.INSTANCE, idle ? Duration.ofNanos(delay) : period);
    }

    /** Something now waits on the tick: an idle session's tick comes back within a period. */
    void soon() {
        if (!idle) return;
        idle = false;
        timers.startSingleTimer(Session.Tick.INSTANCE, period);
    }

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
