package dev.parley.server.routing;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import dev.parley.server.delivery.Inbox;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One user's bound resources, cluster-wide: a Cluster Sharding entity per bare JID, living on one node of
 * the cluster while the user has sessions, wherever those sessions are. It binds resources (a full JID is
 * never bound twice in the cluster: RFC 6120 §7.7.2.2), routes stanzas to the user (RFC 6121 §8.5, through
 * {@link LocalDelivery}), broadcasts presence to the user's own resources (§4.2.2) and finds resumable
 * XEP-0198 sessions.
 *
 * <p>Why an entity per user: with a million online users over tens of nodes, each node holds the entries
 * of its share of the users only, and no node keeps a copy of every session (Distributed Data would
 * replicate the whole map to every node). A stanza from a user on node A to a user on node B costs at most
 * two hops: A's session to the recipient's entity (on any node), the entity to B's session; one when the
 * entity lives on A or B. The entity keeps no state on disk: it is rebuilt by the sessions that bind; it
 * stops itself when the user has no session left.
 */
public final class UserSessions extends AbstractBehavior<UserSessions.Command> {
    public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "User");

    /** Every command names the bare JID of the user whose entity it goes to. */
    public sealed interface Command extends CborSerializable {
        String user();
    }

    /**
     * Binds {@code jid} to {@code session}; a conflicting resource is replaced (the old session is told) or
     * refused. {@code again}: the session announces a resource it had bound to an entry that has stopped since
     * (the session watches the entry that answered it, see {@link BindResult}), with the presence it has
     * ({@code available}, {@code priority}) so that one message, answered, rebuilds the resource whole. A session
     * sends its bind again until it is answered: a bind can be lost on its way to an entry whose node just died
     * (a shard region may still route to the dead node when the session already knows the entry is gone), so a
     * bind from the session that holds the resource already is harmless.
     */
    public record Bind(String jid, ActorRef<Inbox> session, boolean replace, boolean again, boolean available, int priority) implements Command {
        public static Bind first(String jid, ActorRef<Inbox> session, boolean replace) {
            return new Bind(jid, session, replace, false, false, 0);
        }

        @Override
        public String user() {
            return bareOf(jid);
        }
    }

    public record Unbind(String jid, ActorRef<Inbox> session) implements Command {
        @Override
        public String user() {
            return bareOf(jid);
        }
    }

    /**
     * The resource's presence changed: available (initial or updated presence) or not, and its priority;
     * with {@code confirm}, the session is told once it is recorded ({@link AvailabilityRecorded}).
     */
    public record Availability(String jid, ActorRef<Inbox> session, boolean available, int priority, boolean confirm) implements Command {
        @Override
        public String user() {
            return bareOf(jid);
        }
    }

    /**
     * Delivers a stanza (its 'from' already stamped) to {@code to}, a JID of {@code user}, or bounces the error to
     * {@code sender}. The sender names the bare JID it has parsed already: a 1:1 stanza is not parsed again to be routed.
     */
    public record Route(Element stanza, String to, String user, ActorRef<Inbox> sender) implements Command {
        public static Route of(Element stanza, Jid to, ActorRef<Inbox> sender) {
            return new Route(stanza, to.toString(), to.asBare().toString(), sender);
        }
    }

    /**
     * Presence broadcast to the user's own other available resources (RFC 6121 §4.2.2, §4.5.2), each copy
     * addressed to the resource's full JID.
     */
    public record BroadcastToOwnResources(String from, Element presence) implements Command {
        @Override
        public String user() {
            return bareOf(from);
        }
    }

    /** Remembers a resumable stream-management session (XEP-0198) under its id. */
    public record RegisterResumable(String id, String user, ActorRef<Inbox> session) implements Command {}

    public record ForgetResumable(String id, String user, ActorRef<Inbox> session) implements Command {}

    public record FindResumable(String id, String user, ActorRef<Inbox> replyTo) implements Command {}

    /** Which of the user's resources are available now (a session checks what it told its client, after its entry was lost). */
    public record ListAvailable(String user, ActorRef<Inbox> replyTo) implements Command {}

    /** The answer to {@link ListAvailable}: full JIDs. */
    public record AvailableNow(List<String> resources) implements Inbox, CborSerializable {}

    /**
     * The answer to a bind: the resource is the session's, or it is taken and the policy is to refuse. {@code entry}
     * is the incarnation of the user's entry that holds the resource now: the session watches it, and binds again
     * (with its presence) when it stops, whether its shard moved, it raced a passivation, or its node was lost.
     */
    public record BindResult(String jid, boolean ok, ActorRef<Command> entry) implements Inbox, CborSerializable {}

    /** The answer to a bind the session made again: refused when another session took the resource meanwhile. */
    public record RebindResult(String jid, boolean ok, ActorRef<Command> entry) implements Inbox, CborSerializable {}

    /** Another session bound the resource (RFC 6120 §7.7.2.2): the old one ends with a conflict stream error. */
    public enum Replaced implements Inbox, CborSerializable { INSTANCE }

    /** The answer to {@link Availability}: the registry has it, so what follows sees the resource as it is now. */
    public enum AvailabilityRecorded implements Inbox, CborSerializable { INSTANCE }

    /** An IQ the session's client sent to another user's bare JID: the server answers for that user (RFC 6121 §8.5.2.1.3). */
    public record AnswerOnBehalf(Element stanza) implements Inbox, CborSerializable {}

    /** The answer to {@link FindResumable}: the session, or null. */
    public record ResumableFound(ActorRef<Inbox> session) implements Inbox, CborSerializable {}

    /**
     * The entry is being stopped by its shard (it asked to be passivated, or its shard moves to another node).
     * It may hold resources (a bind that arrived after it asked to be passivated): their sessions watch it and
     * bind again to the next incarnation.
     */
    public enum Stop implements Command {
        INSTANCE;

        @Override
        public String user() {
            return "";
        }
    }

    /** Idle long enough: ask the shard to passivate the entry, if it is still empty. A timer: node-local. */
    private enum Idle implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {
        INSTANCE;

        @Override
        public String user() {
            return "";
        }
    }

    /** The entry's first {@link #SETTLE} is over: what it held for sessions that did not bind again is decided now. Node-local. */
    private enum Settled implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {
        INSTANCE;

        @Override
        public String user() {
            return "";
        }
    }

    /** A watched session stopped (its node may be gone). From the entry's own watch: node-local. */
    private record SessionGone(ActorRef<Inbox> session) implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {
        @Override
        public String user() {
            return "";
        }
    }

    static String bareOf(String jid) {
        Jid j = Jid.parseOrNull(jid);
        return j == null ? jid : j.asBare().toString();
    }

    /** An entry with no resource left stays this long before it asks to be passivated (a user reconnecting keeps it). */
    static final java.time.Duration IDLE = java.time.Duration.ofSeconds(10);

    /**
     * How long a new entry holds a stanza that finds none of the user's resources. An entry starts empty, and it
     * may be the next incarnation of one that held resources: its shard moved (a rebalance, a node leaving) or its
     * node died. The sessions of those resources watch the old entry and bind again as soon as it is gone, but a
     * stanza buffered by sharding during the move can reach the new entry first. Without this it would bounce
     * (service-unavailable, RFC 6121 §8.5.2.1.1) to a user who never went offline. The cost: a stanza to a user
     * with no session gets its error this much later when it is the one that starts the user's entry (in a
     * cluster of more than one node: alone, a node has nobody else's sessions to wait for).
     */
    public static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(5);

    /** At most this many stanzas are held while the entry settles; more are decided at once. */
    static final int MAX_HELD = 256;

    /** Starts sharding for user entries on this node. */
    public static Users init(ActorSystem<?> system) {
        return new Users(ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
                ctx -> Behaviors.<Command>withTimers(timers -> Behaviors.setup(c -> new UserSessions(c, ctx.getShard(), timers))))
                .withStopMessage(Stop.INSTANCE)));
    }

    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers;
    /** Most users have one or two resources: the table starts at two slots, not sixteen. */
    private final Map<FullJid, Resource> resources = new LinkedHashMap<>(2);
    private final Map<String, ActorRef<Inbox>> resumable = new HashMap<>();
    /** Stanzas that found no resource while the entry settles, in arrival order; null once it has settled. */
    private List<Route> held;

    private UserSessions(ActorContext<Command> context, ActorRef<ClusterSharding.ShardCommand> shard,
            org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers) {
        super(context);
        this.shard = shard;
        this.timers = timers;
        timers.startSingleTimer(Idle.INSTANCE, IDLE); // created for a stanza to a user with no session, say
        // alone in its cluster, a node has no other node whose sessions could be binding again
        if (org.apache.pekko.cluster.typed.Cluster.get(context.getSystem()).state().members().size() > 1) {
            held = new java.util.ArrayList<>();
            timers.startSingleTimer(Settled.INSTANCE, SETTLE);
        }
    }

    /**
     * Every message through {@link #dispatch}: a receive built with a case per message type is built per entry,
     * and an entry lives as long as its user is online (about 360 bytes a user, docs/footprint.md).
     */
    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onAnyMessage(this::dispatch).build();
    }

    private Behavior<Command> dispatch(Command m) {
        if (m instanceof Route r) return onRoute(r);
        if (m instanceof Availability a) return onAvailability(a);
        if (m instanceof BroadcastToOwnResources b) return onBroadcast(b);
        if (m instanceof Bind b) return onBind(b);
        if (m instanceof Unbind u) return onUnbind(u);
        if (m instanceof SessionGone g) return onGone(g.session());
        if (m instanceof RegisterResumable r) {
            resumable.put(r.id(), r.session());
            timers.cancel(Idle.INSTANCE);
            watch(r.session());
            return this;
        }
        if (m instanceof ForgetResumable f) {
            if (f.session().equals(resumable.get(f.id()))) resumable.remove(f.id());
            return passivateIfEmpty();
        }
        if (m instanceof FindResumable f) {
            f.replyTo().tell(new ResumableFound(resumable.get(f.id())));
            return this;
        }
        if (m instanceof ListAvailable l) {
            l.replyTo().tell(new AvailableNow(resources.values().stream().filter(Resource::available).map(r -> r.jid().toString()).toList()));
            return this;
        }
        if (m == Idle.INSTANCE) {
            if (resources.isEmpty() && resumable.isEmpty()) shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
            return this;
        }
        if (m == Settled.INSTANCE) {
            List<Route> undecided = held;
            held = null;
            for (Route r : undecided) onRoute(r);
            return this;
        }
        if (m == Stop.INSTANCE) return Behaviors.stopped();
        return Behaviors.unhandled();
    }

    private void watch(ActorRef<Inbox> session) {
        // a session that stops without unbinding (a crash, or its node lost) is removed too
        getContext().unwatch(session);
        getContext().watchWith(session, new SessionGone(session));
    }

    private Behavior<Command> onBind(Bind m) {
        FullJid jid = (FullJid) Jid.of(m.jid());
        Resource existing = resources.get(jid);
        if (existing != null && !existing.session().equals(m.session())) {
            if (!m.replace() || m.again()) {
                // a session announcing itself again never takes the resource from a newer one
                m.session().tell(m.again() ? new RebindResult(m.jid(), false, getContext().getSelf()) : new BindResult(m.jid(), false, getContext().getSelf()));
                return this;
            }
            // RFC 6120 §7.7.2.2: the old session is terminated with a <conflict/> stream error
            existing.session().tell(Replaced.INSTANCE);
        }
        if (existing == null || !existing.session().equals(m.session())) resources.put(jid, new Resource(jid, m.session(), m.available(), m.priority()));
        else if (m.again()) resources.put(jid, existing.withPresence(m.available(), m.priority()));
        // else: a first bind sent twice (the first one was answered late): the resource stays as it is
        timers.cancel(Idle.INSTANCE);
        watch(m.session());
        m.session().tell(m.again() ? new RebindResult(m.jid(), true, getContext().getSelf()) : new BindResult(m.jid(), true, getContext().getSelf()));
        retryHeld();
        return this;
    }

    /** A resource bound or became available while the entry settles: what it held may find it now, in order. */
    private void retryHeld() {
        if (held == null || held.isEmpty()) return;
        List<Route> again = held;
        held = new java.util.ArrayList<>();
        for (Route r : again) onRoute(r);
    }

    /**
     * A session stopped without unbinding: its node was lost (or it crashed). Its resources go, and if one was
     * available the user's other available resources get its unavailable presence, as if it had logged out
     * (RFC 6121 §4.5.2).
     */
    private Behavior<Command> onGone(ActorRef<Inbox> session) {
        List<Resource> gone = resources.values().stream().filter(r -> r.session().equals(session)).toList();
        for (Resource g : gone) {
            resources.remove(g.jid());
            if (!g.available()) continue;
            Element unavailable = Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", g.jid().toString()).build();
            onBroadcast(new BroadcastToOwnResources(g.jid().toString(), unavailable));
        }
        resumable.values().removeIf(s -> s.equals(session));
        return passivateIfEmpty();
    }

    private Behavior<Command> onUnbind(Unbind m) {
        FullJid jid = (FullJid) Jid.of(m.jid());
        Resource r = resources.get(jid);
        if (r != null && r.session().equals(m.session())) resources.remove(jid);
        return passivateIfEmpty();
    }

    /**
     * No resource and no resumable session: after {@link #IDLE} the entry leaves memory (sharding buffers what
     * arrives while it stops; a session that bound meanwhile is asked to announce itself again, see {@link Stop}).
     */
    private Behavior<Command> passivateIfEmpty() {
        if (resources.isEmpty() && resumable.isEmpty()) {
            if (!timers.isTimerActive(Idle.INSTANCE)) timers.startSingleTimer(Idle.INSTANCE, IDLE);
        } else {
            timers.cancel(Idle.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onAvailability(Availability m) {
        FullJid jid = (FullJid) Jid.of(m.jid());
        Resource r = resources.get(jid);
        if (r != null && r.session().equals(m.session())) resources.put(jid, r.withPresence(m.available(), m.priority()));
        if (m.confirm()) m.session().tell(AvailabilityRecorded.INSTANCE);
        if (m.available()) retryHeld();
        return this;
    }

    private Behavior<Command> onBroadcast(BroadcastToOwnResources m) {
        for (Resource r : resources.values()) {
            if (r.jid().toString().equals(m.from()) || !r.available()) continue;
            r.session().tell(new Inbox.Deliver(m.presence().withAttribute("from", m.from()).withAttribute("to", r.jid().toString())));
        }
        return this;
    }

    private Behavior<Command> onRoute(Route m) {
        Stanza stanza = Stanza.from(m.stanza());
        Jid to = Jid.parseOrNull(m.to());
        if (stanza == null || to == null) return this;
        Collection<Resource> all = resources.values();
        LocalDelivery.Decision d = LocalDelivery.decide(stanza, to, all);
        if (held != null && d.recipients().isEmpty() && !d.answerOnBehalf() && held.size() < MAX_HELD) {
            held.add(m); // the user's sessions may be binding again to this new entry: see SETTLE
            return this;
        }
        for (Resource r : d.recipients()) r.session().tell(new Inbox.Deliver(m.stanza()));
        if (d.error() != null && !"error".equals(stanza.typeAttribute())) {
            // never answer an error with an error (RFC 6120 §8.3.1)
            m.sender().tell(new Inbox.Deliver(stanza.errorReply(d.error(), true).element()));
        }
        if (d.answerOnBehalf()) m.sender().tell(new AnswerOnBehalf(m.stanza()));
        return this; // an empty entry's idle countdown runs since it started
    }

}
