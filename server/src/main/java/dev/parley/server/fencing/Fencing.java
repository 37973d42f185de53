package dev.parley.server.fencing;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may still act for the rooms it holds. A room must never run on two nodes at once, and
 * two things could make a node a stale second copy:
 * <ul>
 *   <li>the cluster downed it (a partition it was on the small side of, or the others lost sight of it): it
 *       learns so from the cluster's events, stops serving at once, and Pekko shuts it down
 *       ({@code run-coordinated-shutdown-when-down});</li>
 *   <li>it was frozen (SIGSTOP, a VM paused, a stop-the-world pause) for longer than the others wait before
 *       they down it and take its rooms over: when it wakes, every thread resumes at once, and its rooms could
 *       act on the stanzas its clients' sockets buffered before it hears that it was downed.</li>
 * </ul>
 * And one thing makes it a copy about to go stale: it sees itself on the losing side of a partition, the side that
 * the Split Brain Resolver's keep-majority downs (fewer members reachable than unreachable, or half and half
 * without the member of the lowest address). It stops serving at once, the moment it finds the others
 * unreachable, and serves again if they come back before anyone decided; the winning side decides only a
 * {@code stable-after} later and starts the rooms a {@code down-removal-margin} after that. This is what lets
 * the margin be short (1 s, not {@code stable-after}): the losing side's copies stop seconds before, and do not
 * wait for its own resolver.
 *
 * <p>For the second, a watchdog thread ticks every {@link #TICK}; anything that acts for a room asks {@link
 * #serving()}, which is false as soon as the last tick is older than {@code parley.cluster.freeze-limit}. A
 * room thread that runs before the watchdog after a freeze sees the stale tick; a watchdog that runs first sees
 * the gap and fences the node for good. A fenced node stops serving, closes its clients' streams with
 * {@code system-shutdown} and leaves (the process exits: a supervisor or {@code scripts/cluster} starts it anew).
 *
 * <p>The limit is {@code stable-after} by default: the others down a node no sooner than the failure detector's
 * pause plus {@code stable-after} after it went silent, and take its rooms over a {@code down-removal-margin} later.
 * A node that was frozen for less is not downed and goes on; one frozen for longer may have been, and fences itself.
 */
public final class Fencing implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger(Fencing.class);
    static final Duration TICK = Duration.ofMillis(100);

    /** Why a fenced node shuts down. */
    public static final CoordinatedShutdown.Reason FENCED = new CoordinatedShutdown.Reason() {
        @Override
        public String toString() {
            return "Fenced";
        }
    };

    public static final ExtensionId<Fencing> ID = new ExtensionId<>() {
        @Override
        public Fencing createExtension(ActorSystem<?> system) {
            return new Fencing(system);
        }
    };

    public static Fencing get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    private final ActorSystem<?> system;
    /** 0: off (no watchdog; a node downed by the cluster still stops serving). */
    private final long limitNanos;
    private volatile long lastTick = System.nanoTime();
    private volatile boolean fenced;
    private volatile boolean downed;
    /** This node sees itself on the side of a partition that keep-majority downs (see the class comment). */
    private volatile boolean losingSide;
    /** Written by the actor that recounts the sides only. */
    private volatile boolean recounting;

    private Fencing(ActorSystem<?> system) {
        this.system = system;
        var config = system.settings().config();
        String limit = config.getString("parley.cluster.freeze-limit");
        if (limit.equals("auto")) {
            boolean alone = config.getString("parley.cluster.discovery").equals("self");
            this.limitNanos = alone ? 0 : config.getDuration("pekko.cluster.split-brain-resolver.stable-after").toNanos();
        } else {
            this.limitNanos = limit.equals("off") ? 0 : config.getDuration("parley.cluster.freeze-limit").toNanos();
        }
        this.clustered = system.settings().config().getString("pekko.actor.provider").equals("cluster");
        if (clustered) follow(Cluster.get(system));
        if (limitNanos > 0) {
            Thread watchdog = new Thread(this::watch, "parley-fencing-watchdog");
            watchdog.setDaemon(true);
            watchdog.setPriority(Thread.MAX_PRIORITY);
            watchdog.start();
        }
    }

    /** Whether the actor system is a cluster member at all (tests run rooms in plain actor systems too). */
    private final boolean clustered;

    private void follow(Cluster cluster) {
        cluster.subscriptions().tell(new Subscribe<>(system.systemActorOf(
                org.apache.pekko.actor.typed.javadsl.Behaviors.<ClusterEvent.MemberEvent>receiveMessage(e -> {
                    // downed, not leaving: a node that leaves gracefully is removed too, once its rooms are handed over
                    boolean downed = e instanceof ClusterEvent.MemberDowned
                            || (e instanceof ClusterEvent.MemberRemoved r && r.previousStatus() == MemberStatus.down());
                    if (downed && e.member().uniqueAddress().equals(cluster.selfMember().uniqueAddress())) {
                        if (!this.downed) LOG.warn("This node was downed by the cluster: it no longer serves its rooms");
                        this.downed = true;
                    }
                    return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                }), "fencing-events", org.apache.pekko.actor.typed.Props.empty()), ClusterEvent.MemberEvent.class));
        // recomputed on every change of membership or reachability, and every TICK besides once another member has
        // been seen: the cluster's state as read here is published apart from the events, and may lag the event that
        // announced it. A node that has only ever been alone cannot be on a losing side (nothing of it is unreachable
        // from itself), and does not wake ten times a second to count it (docs/footprint.md, ninth pass).
        var self = cluster.selfMember().uniqueAddress();
        org.apache.pekko.actor.typed.ActorRef<Object> sides = system.systemActorOf(
                org.apache.pekko.actor.typed.javadsl.Behaviors.<Object>withTimers(timers ->
                    org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(e -> {
                        if (!recounting && anotherMember(e, self, cluster)) {
                            timers.startTimerWithFixedDelay("recount", TICK);
                            recounting = true;
                        }
                        boolean losing = Majority.losing(cluster.state());
                        if (losing != losingSide) {
                            if (losing) LOG.warn("This node sees itself on the small side of a partition: it stops serving its rooms until the others are reachable again");
                            else LOG.info("The cluster's majority is reachable again: this node serves its rooms");
                            losingSide = losing;
                        }
                        return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                    })), "fencing-sides", org.apache.pekko.actor.typed.Props.empty());
        cluster.subscriptions().tell(new Subscribe<>(sides.narrow(), ClusterEvent.ClusterDomainEvent.class));
    }

    /** Whether the event, or the cluster's state, shows a member other than this node (or one unreachable). */
    private static boolean anotherMember(Object event, org.apache.pekko.cluster.UniqueAddress self, Cluster cluster) {
        if (event instanceof ClusterEvent.MemberEvent e) return !e.member().uniqueAddress().equals(self);
        if (event instanceof ClusterEvent.ReachabilityEvent) return true;
        var state = event instanceof ClusterEvent.CurrentClusterState s ? s : cluster.state();
        if (!state.getUnreachable().isEmpty()) return true;
        for (Member m : state.getMembers()) if (!m.uniqueAddress().equals(self)) return true;
        return false;
    }

    /** Whether the sides are recounted every {@link #TICK}: once another member has been seen. */
    boolean recounting() {
        return recounting;
    }

    /** Whether a member other than this node is up, reachable and staying: it takes this node's rooms over when it leaves. */
    public boolean anotherNodeCanHost() {
        if (!clustered) return false;
        Cluster cluster = Cluster.get(system);
        var self = cluster.selfMember().uniqueAddress();
        var state = cluster.state();
        for (Member m : state.getMembers()) {
            if (m.uniqueAddress().equals(self) || state.getUnreachable().contains(m)) continue;
            if (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()) return true;
        }
        return false;
    }

    /** The addresses of the cluster's members that are not downed or removed (an actor elsewhere lives on one of them, or is gone). */
    public Set<Address> memberAddresses() {
        Set<Address> members = new HashSet<>();
        if (!clustered) return members;
        for (Member m : Cluster.get(system).state().getMembers()) {
            if (m.status() != MemberStatus.down() && m.status() != MemberStatus.removed()) members.add(m.address());
        }
        return members;
    }

    /** True while this node may act for its rooms: not downed, not fenced, not on a losing side, not just woken from a freeze. */
    public boolean serving() {
        if (fenced || downed || losingSide) return false;
        return limitNanos == 0 || System.nanoTime() - lastTick < limitNanos;
    }

    /** Whether the cluster downed this node, or it fenced itself. */
    public boolean fenced() {
        return fenced || downed;
    }

    private void watch() {
        while (!fenced && !system.whenTerminated().isCompleted()) {
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long gap = now - lastTick;
            if (gap >= limitNanos) {
                fenced = true;
                LOG.error("This node was frozen for {} ms (parley.cluster.freeze-limit {} ms): the cluster may have downed it and "
                        + "moved its rooms; it stops serving and leaves", TimeUnit.NANOSECONDS.toMillis(gap), TimeUnit.NANOSECONDS.toMillis(limitNanos));
                CoordinatedShutdown.get(system).runAll(FENCED);
                return;
            }
            lastTick = now;
        }
    }
}
