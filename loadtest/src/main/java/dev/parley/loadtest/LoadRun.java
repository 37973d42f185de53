package dev.parley.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One run: connect and log in the clients (ramped, bounded in flight, spread round-robin over the
 * targets), enter the rooms (each room's creator first, which makes it an instant room), run the
 * scenario's actions at the given rate, wait for the deliveries, leave. Prints a progress line while it
 * runs; returns what it measured.
 */
public final class LoadRun implements XmppClient.Listener {
    private final Settings s;
    private final PrintStream progress;
    private final boolean terminal;
    private final ServerProcess server;
    private final Metrics metrics;
    private final long start = System.nanoTime();
    private final long deadline;
    private final EventLoopGroup group;
    private final Class<? extends io.netty.channel.Channel> channelType;
    private final List<XmppClient> clients = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger finishedLogin = new AtomicInteger();
    private final AtomicInteger finishedJoin = new AtomicInteger();
    /** Occupants per room, as the generator knows them: what each message is expected to reach. */
    private final Map<String, AtomicInteger> occupants = new ConcurrentHashMap<>();
    /** Rooms whose creator is in: the others may enter. */
    private final Map<String, Boolean> open = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<XmppClient> waitingForRoom = new ConcurrentLinkedQueue<>();
    private final LongAdder expected = new LongAdder();
    private final LongAccumulator firstSend = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final List<String> notes = new ArrayList<>();
    private volatile String phase = "login";
    private final List<String> phases = new ArrayList<>();
    private final String padding;
    private final Timeline timeline;
    /** Per target, in the order of the settings' targets: clients connected and logged in. */
    private final AtomicLongArray connectedPerTarget;
    private final AtomicLongArray loggedInPerTarget;
    /** Per server process: the highest resident memory sampled, bytes (-1 until one is). */
    private final long[] peakRssEach;

    public LoadRun(Settings s, ServerProcess server, PrintStream progress, boolean terminal) {
        this.s = s;
        this.server = server;
        this.progress = progress;
        this.terminal = terminal;
        int seconds = s.maxSeconds() + 5;
        this.deadline = start + TimeUnit.SECONDS.toNanos(s.maxSeconds());
        this.metrics = new Metrics(seconds, start);
        this.timeline = new Timeline(metrics, seconds, this::rss);
        boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
        this.group = new io.netty.channel.MultiThreadIoEventLoopGroup(s.threads(),
                epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : io.netty.channel.nio.NioIoHandler.newFactory());
        this.channelType = epoll ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class;
        // the body: the mark, the send time and the sender take about 30 bytes; the rest is padding
        this.padding = "x".repeat(Math.max(0, s.bodySize() - 30));
        this.connectedPerTarget = new AtomicLongArray(s.targets().size());
        this.loggedInPerTarget = new AtomicLongArray(s.targets().size());
        this.peakRssEach = new long[server == null ? 0 : server.pids().size()];
        java.util.Arrays.fill(peakRssEach, -1);
    }

    public Result run() throws Exception {
        SslContext ssl = s.target().tls().equals("none") ? null : SslContextBuilder.forClient()
                .trustManager(s.target().trustAll() ? InsecureTrustManagerFactory.INSTANCE : null).build();
        LagMonitor lag = new LagMonitor(group, metrics);
        Thread ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        ticker.start();
        Instant startedAt = Instant.now();
        long cpu0 = generatorCpu();
        long[] rssStart = rssEach();
        long[] srv0 = serverCpu();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);

        // 1. connect and log in
        long loginStart = System.nanoTime();
        for (int i = 0; i < s.clients() && !overdue(); i++) {
            if (s.rampUpSeconds() > 0) {
                long due = loginStart + (long) (i * (s.rampUpSeconds() * 1e9 / s.clients()));
                sleepUntil(due);
            }
            while (inFlight.get() >= s.concurrency() && !overdue()) Thread.sleep(1);
            Target target = s.targetOf(i);
            int t = s.targetIndexOf(i);
            XmppClient c = new XmppClient(i, target, s.accounts().forClient(i), s.accounts().mode() == Accounts.Mode.REGISTER, ssl, metrics, this);
            clients.add(c);
            inFlight.incrementAndGet();
            c.connecting(System.nanoTime());
            ChannelFuture f = bootstrap.clone().handler(c).connect(target.host(), target.port());
            f.addListener(done -> {
                if (done.isSuccess()) {
                    connectedPerTarget.incrementAndGet(t);
                } else {
                    // counted among the errors too: a node that is down shows there, not only as fewer connected
                    String why = "io:connect-" + done.cause().getClass().getSimpleName();
                    metrics.error(why);
                    failed(c, why);
                }
            });
        }
        waitUntil(() -> finishedLogin.get() >= clients.size());
        long loginEnd = System.nanoTime();
        long[] srvAfterLogin = serverCpu();
        long[] rssAfterLogin = rssEach();

        // 2. enter the rooms: each room's first client creates it, then the others enter
        phase("join");
        joinPhase = true;
        boolean joinsMeasured = joinsMeasured();
        if (joinsMeasured) lag.openWindow();
        long joinStart = System.nanoTime();
        // those logged in and not failed since; not "channel active": a client that failed its login closes its
        // channel after telling us, and counting it in would leave the joins waiting for it until --max-seconds
        List<XmppClient> ready = clients.stream().filter(c -> loggedIn.contains(c.index) && c.channel().isActive()).toList();
        // everyone who waits for a room is queued before any creator enters: a creator let in at once would
        // otherwise admit only those queued so far, and the rest would wait for ever
        List<XmppClient> creators = new ArrayList<>();
        for (XmppClient c : ready) {
            String room = s.roomOf(c.index);
            occupants.computeIfAbsent(room, r -> new AtomicInteger());
            if (open.putIfAbsent(room, Boolean.FALSE) == null) creators.add(c);
            else waitingForRoom.add(c);
        }
        // each creator makes its room hold all those the run puts in it (a server's default limit may be lower)
        Map<String, Integer> planned = new HashMap<>();
        for (XmppClient c : ready) planned.merge(s.roomOf(c.index), 1, Integer::sum);
        for (XmppClient c : creators) c.create(s.roomOf(c.index), "u" + c.index, planned.get(s.roomOf(c.index)));
        int joiners = ready.size();
        waitUntil(() -> finishedJoin.get() >= joiners);
        long joinEnd = System.nanoTime();
        if (joinsMeasured) measured = lag.closeWindow();
        long[] srvAfterJoin = serverCpu();
        long[] jitAfterJoin = serverJitCompilerCpu();
        long[] rssAfterJoin = rssEach();

        // 3. the actions
        phase("actions");
        if (!joinsMeasured) lag.openWindow();
        long actionStart = System.nanoTime();
        long genCpuActions0 = generatorCpu();
        List<XmppClient> inRooms = ready.stream().filter(XmppClient::inRoom).toList();
        long actionDeadline = s.durationSeconds() > 0 ? actionStart + TimeUnit.SECONDS.toNanos(s.durationSeconds()) : Long.MAX_VALUE;
        AtomicInteger actionsLeft = new AtomicInteger(inRooms.size() * s.actions());
        for (XmppClient c : inRooms) schedule(c, s.scenario().behaviourOf(c.index), actionsLeft, actionDeadline);
        waitUntil(() -> actionsLeft.get() <= 0 || System.nanoTime() > actionDeadline);
        long actionsDone = System.nanoTime();

        // 4. drain: until every expected delivery arrived, or the drain time is up
        phase("drain");
        long drainDeadline = actionsDone + TimeUnit.SECONDS.toNanos(s.drainSeconds());
        // with occupants leaving and coming back (mixed), what a message reaches is only an estimate: a quiet
        // spell of QUIET_NANOS after the actions ends the drain too
        // a run without actions (a join storm) waits for the joins' presences too: each of a room's n occupants
        // sees all n (XEP-0045 §7.2.3), and the last joiners' presence may still be on its way to the first
        long presencesExpected = s.actions() > 0 ? 0 : inRooms.stream()
                .collect(java.util.stream.Collectors.groupingBy(XmppClient::room, java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(n -> n * n).sum();
        waitUntil(() -> System.nanoTime() > drainDeadline || (allSettled(inRooms) && (metrics.delivered.sum() >= expected.sum()
                && metrics.presencesReceived.sum() >= presencesExpected
                || System.nanoTime() - Math.max(actionsDone, metrics.lastDelivery.get()) > QUIET_NANOS)));
        if (metrics.delivered.sum() < expected.sum()) {
            notes.add("fewer deliveries than expected (" + metrics.delivered.sum() + " of " + expected.sum() + ")"
                    + (s.scenario() == Scenario.MIXED ? ": in mixed, occupants leave and come back, so what a message reaches is only estimated" : ""));
        }
        long[] srvAfterActions = serverCpu();
        long[] jitAfterActions = serverJitCompilerCpu();
        genCpuActions = generatorCpu() - genCpuActions0;
        if (!joinsMeasured) measured = lag.closeWindow();
        long[] rssEnd = rssEach();

        // 5. leave and close
        phase("leave");
        for (XmppClient c : clients) c.close();
        Thread.sleep(300);
        lag.stop();
        running = false;
        ticker.join(2000);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        timeline.sample(phase); // the last partial second
        if (overdueFlag) notes.add("stopped by --max-seconds " + s.maxSeconds());
        long cpu1 = generatorCpu();
        return result(startedAt, loginStart, loginEnd, joinStart, joinEnd, actionStart, actionsDone, srv0, srvAfterLogin, srvAfterJoin,
                srvAfterActions, jitAfterJoin, jitAfterActions, rssStart, rssAfterLogin, rssAfterJoin, rssEnd, cpu1 - cpu0);
    }

    // --- the action phase ------------------------------------------------------------------------------------

    private void schedule(XmppClient c, Scenario.Behaviour behaviour, AtomicInteger left, long actionDeadline) {
        if (s.actions() == 0) return;
        int[] done = {0};
        Runnable act = new Runnable() {
            @Override
            public void run() {
                if (done[0] >= s.actions()) return;
                if (System.nanoTime() > actionDeadline || overdue()) {
                    left.addAndGet(-(s.actions() - done[0]));
                    done[0] = s.actions();
                    return;
                }
                done[0]++;
                left.decrementAndGet();
                switch (behaviour) {
                    case TALK -> {
                        AtomicInteger n = occupants.get(c.room());
                        expected.add(n == null ? 0 : n.get());
                        firstSend.accumulate(System.nanoTime());
                        c.say(padding);
                    }
                    case CHURN -> c.churn(done[0]);
                    case REJOIN -> c.leave(true);
                }
            }
        };
        if (s.rate() == 0) {
            c.channel().eventLoop().execute(() -> {
                for (int i = 0; i < s.actions(); i++) act.run();
            });
            return;
        }
        long periodNanos = (long) (1e9 / s.rate());
        long offset = ThreadLocalRandom.current().nextLong(periodNanos); // spread the clients' ticks over one period
        var future = c.channel().eventLoop().scheduleAtFixedRate(act, offset, periodNanos, TimeUnit.NANOSECONDS);
        c.channel().closeFuture().addListener(x -> future.cancel(false));
        c.channel().eventLoop().scheduleAtFixedRate(() -> {
            if (done[0] >= s.actions()) future.cancel(false);
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    // --- listener (called on the clients' event loops) ---------------------------------------------------------

    private final java.util.Set<Integer> loginDone = ConcurrentHashMap.newKeySet();
    /** Clients logged in and not failed since. */
    private final java.util.Set<Integer> loggedIn = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Integer> joinDone = ConcurrentHashMap.newKeySet();
    private volatile boolean joinPhase;

    @Override
    public void ready(XmppClient c) {
        loggedIn.add(c.index);
        if (loginDone.add(c.index)) {
            loggedInPerTarget.incrementAndGet(s.targetIndexOf(c.index));
            inFlight.decrementAndGet();
            finishedLogin.incrementAndGet();
        }
    }

    @Override
    public void joined(XmppClient c) {
        occupants.get(c.room()).incrementAndGet();
        if (Boolean.FALSE.equals(open.get(c.room()))) {
            // the room exists: let in those who waited for it
            open.put(c.room(), Boolean.TRUE);
            admitWaiting(c.room(), Integer.MAX_VALUE);
        }
        if (joinDone.add(c.index)) finishedJoin.incrementAndGet();
    }

    private synchronized void admitWaiting(String room, int max) {
        int n = 0;
        for (var it = waitingForRoom.iterator(); it.hasNext() && n < max; ) {
            XmppClient w = it.next();
            if (s.roomOf(w.index).equals(room)) {
                it.remove();
                w.join(room, "u" + w.index);
                n++;
            }
        }
    }

    @Override
    public void left(XmppClient c) {
        occupants.get(c.room()).decrementAndGet();
    }

    @Override
    public void failed(XmppClient c, String why) {
        loggedIn.remove(c.index);
        if (loginDone.add(c.index)) {
            inFlight.decrementAndGet();
            finishedLogin.incrementAndGet();
            return;
        }
        if (joinPhase && joinDone.add(c.index)) {
            finishedJoin.incrementAndGet();
            // a creator that failed: the next one waiting tries to create the room
            if (c.room() != null && Boolean.FALSE.equals(open.get(c.room()))) admitWaiting(c.room(), 1);
            return;
        }
        if (c.inRoom()) {
            AtomicInteger n = occupants.get(c.room());
            if (n != null) n.decrementAndGet();
        }
    }

    // --- plumbing -------------------------------------------------------------------------------------------

    /** The drain ends after this long without a delivery. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
    private volatile boolean running = true;
    /** The generator's CPU over the actions and drain, µs. */
    private long genCpuActions;
    /** The generator's lag and busy share over what the run measures (the actions and drain, or a join storm's joins). */
    private LagMonitor.Window measured = new LagMonitor.Window(0, 0);
    private volatile boolean overdueFlag;

    /** A run without actions (a join storm) measures its joins; any other, its actions and drain. */
    private boolean joinsMeasured() {
        return s.actions() == 0;
    }

    private boolean overdue() {
        if (System.nanoTime() > deadline) overdueFlag = true;
        return overdueFlag;
    }

    private void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean() && !overdue()) Thread.sleep(5);
    }

    /** Every client's deferred actions done (nickname changes confirmed, rejoins back in). */
    private static boolean allSettled(List<XmppClient> clients) {
        for (XmppClient c : clients) if (!c.settled() && c.channel().isActive()) return false;
        return true;
    }

    private static void sleepUntil(long due) throws InterruptedException {
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }

    private void phase(String p) {
        phase = p;
    }

    private void tick() {
        long next = start + 1_000_000_000L;
        int printed = 0;
        while (running) {
            try {
                sleepUntil(next);
            } catch (InterruptedException e) {
                return;
            }
            next += 1_000_000_000L;
            String p = phase;
            timeline.sample(p);
            phases.add(p);
            printed++;
            if (terminal || printed % 5 == 0) progress.print(progressLine() + (terminal ? "\r" : "\n"));
        }
        if (terminal) progress.println();
    }

    private String progressLine() {
        long t = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("[%3ds] %-7s logged in %d/%d  joined %d  sent %d  delivered %d/%d (%.0f/s)  p99 %.1f ms  errors %d  lag p99 %.1f ms   ",
                t, phase, metrics.loggedIn.sum(), s.clients(), metrics.joined.sum(), metrics.sent.sum(), metrics.delivered.sum(), expected.sum(),
                timeline.lastDeliveriesPerSecond(), timeline.lastP99Ms(), metrics.errorCount(), timeline.lastLagP99Ms());
    }

    /** Each server process's CPU so far, µs (-1 for one gone); null without a server pid. */
    private long[] serverCpu() {
        return server == null ? null : server.cpuMicrosEach();
    }

    /** Each server process's JIT compiler threads' CPU so far, µs (-1 for one gone); null without a server pid. */
    private long[] serverJitCompilerCpu() {
        return server == null ? null : server.jitCompilerCpuMicrosEach();
    }

    /** Each server process's resident memory, bytes (-1 for one gone), noting each one's peak; null without a server pid. */
    private long[] rssEach() {
        if (server == null) return null;
        long[] each = server.rssBytesEach();
        synchronized (peakRssEach) {
            for (int i = 0; i < each.length; i++) peakRssEach[i] = Math.max(peakRssEach[i], each[i]);
        }
        return each;
    }

    /** The server's resident memory, summed over its processes: what the timeline samples each second. */
    private long rss() {
        return server == null ? -1 : ServerProcess.sum(rssEach());
    }

    private static long generatorCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1000 : -1;
    }

    Metrics metrics() {
        return metrics;
    }

    private Result result(Instant startedAt, long loginStart, long loginEnd, long joinStart, long joinEnd, long actionStart, long actionsDone,
            long[] srv0, long[] srvLogin, long[] srvJoin, long[] srvActions, long[] jitJoin, long[] jitActions,
            long[] rssStart, long[] rssLogin, long[] rssJoin, long[] rssEnd, long genCpuMicros) {
        Metrics m = metrics;
        long delivered = m.delivered.sum();
        long last = m.lastDelivery.get();
        long first = firstSend.get();
        double deliverySeconds = first == Long.MAX_VALUE || last <= first ? 0 : (last - first) / 1e9;
        double loginSeconds = (loginEnd - loginStart) / 1e9;
        double joinSeconds = (joinEnd - joinStart) / 1e9;
        double actionSeconds = (actionsDone - actionStart) / 1e9;
        Result.Rates rates = new Result.Rates(
                loginSeconds > 0 ? m.loggedIn.sum() / loginSeconds : 0,
                joinSeconds > 0 ? m.joined.sum() / joinSeconds : 0,
                actionSeconds > 0 ? m.sent.sum() / actionSeconds : 0,
                deliverySeconds > 0 ? delivered / deliverySeconds : 0,
                loginSeconds, joinSeconds, actionSeconds);
        Result.Server srv = null;
        if (server != null) {
            List<Result.PidFigures> perPid = new ArrayList<>();
            List<Long> pids = server.pids();
            for (int i = 0; i < pids.size(); i++) {
                long actions = delta(srvJoin[i], srvActions[i]);
                long peak;
                synchronized (peakRssEach) {
                    peak = peakRssEach[i];
                }
                perPid.add(new Result.PidFigures(pids.get(i), seconds(delta(srv0[i], srvLogin[i])), seconds(delta(srvLogin[i], srvJoin[i])),
                        seconds(actions), perDelivery(actions, delivered), mb(rssStart[i]), mb(rssLogin[i]), mb(rssJoin[i]), mb(peak), mb(rssEnd[i])));
            }
            long actions = delta(ServerProcess.sum(srvJoin), ServerProcess.sum(srvActions));
            long jit = delta(ServerProcess.sum(jitJoin), ServerProcess.sum(jitActions));
            long rssJoinSum = ServerProcess.sum(rssJoin);
            long rssEndSum = ServerProcess.sum(rssEnd);
            srv = new Result.Server(pids, seconds(delta(ServerProcess.sum(srv0), ServerProcess.sum(srvLogin))),
                    seconds(delta(ServerProcess.sum(srvLogin), ServerProcess.sum(srvJoin))), seconds(actions), perDelivery(actions, delivered),
                    seconds(jit), actions < 0 || jit < 0 ? null : perDelivery(actions - jit, delivered),
                    mb(ServerProcess.sum(rssStart)), mb(ServerProcess.sum(rssLogin)), mb(rssJoinSum),
                    mb(Math.max(timeline.peakRss(), Math.max(rssJoinSum, rssEndSum))), mb(rssEndSum), List.copyOf(perPid));
        }
        long[] perTarget = s.clientsPerTarget();
        List<Result.TargetClients> targets = new ArrayList<>();
        for (int t = 0; t < perTarget.length; t++) {
            targets.add(new Result.TargetClients(s.targets().get(t).address(), perTarget[t], connectedPerTarget.get(t), loggedInPerTarget.get(t)));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double genCpu = genCpuMicros / 1e6;
        Histogram lagTotal = timeline.lagTotal();
        // while the run measured: a late or saturated event loop delays receipts (latency) and sends (rate), so
        // the numbers are the generator's
        boolean bottleneck = measured.lagP99Ms() > 20 || measured.busyShare() > 0.9;
        if (bottleneck) {
            notes.add(String.format(java.util.Locale.ROOT, "the generator may have been the bottleneck: while %s its event-loop lag p99 was %.1f ms"
                    + " and its event loops were busy %.0f%% of the time", joinsMeasured() ? "clients joined" : "messages flowed",
                    measured.lagP99Ms(), 100 * measured.busyShare()));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clients", s.clients());
        settings.put("rooms", s.rooms());
        settings.put("actions", s.actions());
        settings.put("rate", s.rate());
        settings.put("rampUpSeconds", s.rampUpSeconds());
        settings.put("durationSeconds", s.durationSeconds());
        settings.put("bodySize", s.bodySize());
        settings.put("concurrency", s.concurrency());
        settings.put("maxSeconds", s.maxSeconds());
        settings.put("drainSeconds", s.drainSeconds());
        settings.put("threads", s.threads());
        settings.put("tls", s.target().tls());
        settings.put("streamManagement", s.target().streamManagement());
        settings.put("accounts", s.accounts().mode().name().toLowerCase());
        return new Result(s.label(), s.scenario().cliName, startedAt.toString(), settings,
                String.join(", ", s.targets().stream().map(Target::address).toList()) + " (" + s.target().domain() + ", " + s.target().muc() + ")",
                List.copyOf(targets),
                new Result.Counts(s.clients(), m.connected.sum(), m.loggedIn.sum(), m.registered.sum(), m.joined.sum(), m.sent.sum(), expected.sum(),
                        delivered, m.presenceChanges.sum(), m.rejoins.sum(), m.presencesReceived.sum(), m.bytesIn.sum(), m.bytesOut.sum()),
                rates, Timeline.latency(timeline.latencyTotal()), Timeline.latency(timeline.loginTotal()), Timeline.latency(timeline.joinTotal()),
                Timeline.latency(lagTotal), srv, new Result.Generator(s.threads(), genCpu, 100 * genCpu / wall, delivered > 0 ? (double) genCpuActions / delivered : null, measured.lagP99Ms(), 100 * measured.busyShare(), bottleneck), m.errors(),
                List.copyOf(notes), timeline.toResult(phases));
    }

    /** What a counter grew by from {@code before} to {@code after}; -1 when either is unknown (-1). */
    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static Double perDelivery(long micros, long delivered) {
        return micros < 0 || delivered <= 0 ? null : (double) micros / delivered;
    }

    private static Double seconds(long micros) {
        return micros < 0 ? null : micros / 1e6;
    }

    private static Double mb(long bytes) {
        return bytes < 0 ? null : bytes / 1048576.0;
    }
}
