package dev.parley.server.session;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.ServerSettings;
import dev.parley.server.account.AccountStore;
import dev.parley.server.net.Connection;
import dev.parley.server.net.ConnectionEvent;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import dev.parley.server.session.sasl.Mechanisms;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One client session: the actor behind one connection (and, with XEP-0198 resumption, behind the
 * connections that follow it). It negotiates the stream (RFC 6120 §4–§7: STARTTLS, SASL, resource
 * binding), then stamps and routes the client's stanzas and writes what others send it.
 *
 * <p>Blocking work (the account store) runs on the blocking dispatcher; while it runs the session is
 * "busy": input is queued and no more is read from the socket, so stanzas are handled in order and a
 * client cannot make memory grow.
 */
public final class Session extends AbstractBehavior<Inbox> {
    /** The session's own commands: node-local by design (they carry the connection, or are timers). */
    interface Command extends Inbox, org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    record FromConnection(ConnectionEvent event) implements Command {}

    record AsyncDone(Runnable continuation) implements Command {}

    /** A new connection asks this (detached) session to take it over: XEP-0198 resumption. */
    record TakeOver(Connection connection, long h, String previd, BareJid user, ActorRef<Inbox> replyTo) implements Command {}

    record TakeOverResult(boolean ok) implements Command {}

    enum Tick implements Command { INSTANCE }

    /** The user's entry that holds this session's resource stopped (its shard moved, or its node was lost). */
    record EntryGone(ActorRef<UserSessions.Command> entry) implements Command {}

    /** The entity of a room the client is in stopped: it moved, or its node was lost. */
    record RoomGone(String room, ActorRef<?> entity) implements Command {}

    /** Some time after binding again to a new entry: time to check the user's other resources the client believes available. */
    enum CheckOwnResources implements Command { INSTANCE }

    /** How long the user's other sessions get to bind again to a new entry before this one checks which are gone. */
    static final Duration OWN_RESOURCES_SETTLE = Duration.ofSeconds(5);

    enum ResumptionExpired implements Command { INSTANCE }

    /** A bind (first, or again) has not been answered yet: it may have been lost with a node; sent again. */
    enum BindUnanswered implements Command { INSTANCE }

    /** How long a session waits for the registry to answer a bind before it sends it again. */
    static final Duration BIND_RETRY = Duration.ofSeconds(1);

    /** The registry did not confirm a presence change in time (its node is being replaced): go on regardless. */
    enum AvailabilityUnconfirmed implements Command { INSTANCE }

    static final Duration AVAILABILITY_WAIT = Duration.ofSeconds(5);

    /** What every session needs from the node. */
    public record Deps(ServerSettings settings, Users users, AccountStore accounts, Executor blocking,
            ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<dev.parley.server.room.Room.Command>> rooms,
            ActorRef<dev.parley.server.room.RoomDirectory.Command> roomDirectory, ActorRef<NodeDelivery.Command> delivery,
            dev.parley.server.net.AddressLimit registrations) {}

    private enum State { NEGOTIATING, AUTHENTICATED, ACTIVE, DETACHED }

    private final Deps deps;
    private final ServerSettings settings;
    private final TimerScheduler<Inbox> timers;
    private final ActorRef<ConnectionEvent> adapter;
    private Connection connection;
    private State state = State.NEGOTIATING;
    private boolean headerSent;
    private String streamLang = "en";

    /** STARTTLS, SASL and registration, until the client is authenticated; then null. */
    private Negotiation negotiation;
    /** The resource the client binds, and the registry's entry that holds it. */
    private final ResourceBinding binding;
    private String user;
    private boolean anonymous;
    private FullJid jid;
    private boolean available;
    private int priority;
    private StreamManagement sm;

    private boolean busy;
    private boolean readWanted;
    private final ArrayDeque<Command> pending = new ArrayDeque<>();

    private final long started = System.nanoTime();
    private long lastInbound = System.nanoTime();
    private long pingSentAt;
    private long slowSince;
    private int pingCounter;
    /** When the next tick comes: soon while something waits on it, else when a ping is due. */
    private final NextTick ticks;

    public static Behavior<Inbox> create(Connection connection, Deps deps) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Session(ctx, timers, connection, deps)));
    }

    private Session(ActorContext<Inbox> ctx, TimerScheduler<Inbox> timers, Connection connection, Deps deps) {
        super(ctx);
        this.deps = deps;
        this.settings = deps.settings();
        this.timers = timers;
        this.connection = connection;
        this.adapter = ctx.messageAdapter(ConnectionEvent.class, FromConnection::new);
        this.negotiation = new Negotiation(this, settings, deps);
        this.binding = new ResourceBinding(this, ctx, timers, settings, deps.users());
        connection.attach(adapter);
        connection.requestRead();
        this.ticks = new NextTick(timers, settings.pingInterval());
    }

    /**
     * Two cases, every message through {@link #dispatch}: a receive is built per session, and one case per message
     * type cost about 1.6 KB per connection (docs/footprint.md).
     */
    @Override
    public Receive<Inbox> createReceive() {
        // However the session stops (a bug included), its socket does not outlive it.
        return newReceiveBuilder().onAnyMessage(this::dispatch).onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> onPostStop()).build();
    }

    private Behavior<Inbox> dispatch(Inbox m) {
        if (m instanceof FromConnection c) return onConnectionEvent(c);
        if (m instanceof Inbox.Deliver d) return onDeliver(d);
        if (m instanceof Inbox.DeliverPrepared d) return onDeliverPrepared(d.stanza(), d.to());
        if (m instanceof Inbox.DeliverAll d) return onDeliverAll(d);
        if (m instanceof AsyncDone d) return onAsyncDone(d);
        if (m instanceof UserSessions.BindResult r) return binding.onResult(r);
        if (m instanceof UserSessions.AnswerOnBehalf a) {
            if (Stanza.from(a.stanza()) instanceof Iq iq) send(iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE)).element());
            return this;
        }
        if (m instanceof UserSessions.ResumableFound f) return onResumableFound(f);
        if (m instanceof TakeOver t) return onTakeOver(t);
        if (m instanceof TakeOverResult r) return onTakeOverResult(r);
        if (m == UserSessions.Replaced.INSTANCE) {
            connection.close(StreamError.of(Condition.CONFLICT, "replaced by a new session for this resource"));
            return end(false);
        }
        if (m == Tick.INSTANCE) return onTick();
        if (m == UserSessions.AvailabilityRecorded.INSTANCE) {
            timers.cancel(AvailabilityUnconfirmed.INSTANCE);
            return resume();
        }
        if (m == AvailabilityUnconfirmed.INSTANCE) return resume();
        if (m instanceof EntryGone g) {
            if (!binding.lost(g.entry())) return this;
            if (ownResources != null && !ownResources.isEmpty()) timers.startSingleTimer(CheckOwnResources.INSTANCE, OWN_RESOURCES_SETTLE);
            return reannounce();
        }
        if (m == CheckOwnResources.INSTANCE) {
            if (jid != null) deps.users().tell(new UserSessions.ListAvailable(jid.asBare().toString(), getContext().getSelf()));
            return this;
        }
        if (m instanceof UserSessions.AvailableNow now) {
            if (ownResources != null && state == State.ACTIVE) for (Element e : ownResources.goneSince(now.resources(), jid)) send(e);
            return this;
        }
        if (m instanceof Inbox.RoomAt at) {
            if (roomsFollowed == null) roomsFollowed = new RoomsFollowed(getContext());
            if (roomsFollowed.at(at)) resendTo(at.room());
            if (at.back()) { // the room holds what this client sent until it has what was lost: after the copies, in order
                deps.rooms().tell(new org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<>(at.room(), new dev.parley.server.room.CatchUp.Done(getContext().getSelf())));
            }
            return this;
        }
        if (m instanceof RoomGone g) return onRoomGone(g);
        if (m == BindUnanswered.INSTANCE) return binding.onUnanswered();
        if (m instanceof UserSessions.RebindResult r) return binding.onRebindResult(r);
        if (m == ResumptionExpired.INSTANCE) return state == State.DETACHED ? end(true) : this;
        return Behaviors.unhandled();
    }

    private Behavior<Inbox> onPostStop() {
        boolean shuttingDown = org.apache.pekko.actor.CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent();
        // RFC 6120 §4.9.3.19: the server is being shut down
        if (!handedOver && shuttingDown) closeForShutdown();
        else if (!handedOver) connection.close(null);
        if (self != null) deps.delivery().tell(new NodeDelivery.Unregister(self.id()));
        return this;
    }

    // --- input from the connection -------------------------------------------------------------------

    private Behavior<Inbox> onConnectionEvent(FromConnection m) {
        ConnectionEvent e = m.event();
        if (e.source() != connection) return this; // an old connection, after a resumption
        if (busy) {
            pending.add(m);
            return this;
        }
        if (e instanceof ConnectionEvent.Inbound in) return onStreamEvent(in.event());
        if (e instanceof ConnectionEvent.Closed) return onDisconnected();
        connection.requestRead(); // ReadComplete: ready for the next chunk
        return this;
    }

    private Behavior<Inbox> onStreamEvent(StreamEvent event) {
        lastInbound = System.nanoTime();
        pingSentAt = 0;
        if (event instanceof StreamEvent.ElementReceived r) return onElement(r.element());
        if (event instanceof StreamEvent.Opened o) return onStreamOpened(o.header());
        if (event instanceof StreamEvent.Failed f) return fail(f.error());
        connection.close(null); // Closed. RFC 6120 §4.4: answer the close, then the TCP connection ends
        return end(true);
    }

    private Behavior<Inbox> onDisconnected() {
        if (state == State.ACTIVE && sm != null && sm.resumable) {
            // XEP-0198 §5: keep the session for the resumption window
            state = State.DETACHED;
            timers.startSingleTimer(ResumptionExpired.INSTANCE, settings.resumptionWindow());
            return this;
        }
        return end(true);
    }

    private Behavior<Inbox> onStreamOpened(StreamHeader header) {
        if (header.lang() != null) streamLang = header.lang();
        StreamHeader ours = new StreamHeader(header.from(), settings.domain(), Xmpp.newId(), "1.0", streamLang, Namespaces.JABBER_CLIENT);
        if (header.to() != null && !header.to().equalsIgnoreCase(settings.domain())) {
            connection.openStream(ours, StreamError.of(Condition.HOST_UNKNOWN, "this server serves " + settings.domain()).toElement());
            connection.close(null);
            return end(false);
        }
        headerSent = true;
        if (state == State.AUTHENTICATED) {
            connection.openStream(ours, Features.postAuth());
        } else {
            boolean tlsRequired = settings.requireTls() && !plaintextAllowed();
            boolean mayAuthenticate = connection.isSecure() || !tlsRequired;
            connection.openStream(ours, Features.preAuth(connection.canStartTls() && (tlsRequired || settings.offerStartTlsOnLoopbackPlaintext() || !connection.isLoopback()), tlsRequired,
                    mayAuthenticate ? Mechanisms.offered(settings, connection.isSecure()) : List.of(), mayAuthenticate && settings.registrationEnabled()));
        }
        return this;
    }

    /**
     * Whether this connection may authenticate without TLS: when TLS is not required; from loopback when
     * the load-test switch is on; and plain WebSocket from loopback, which is how a TLS-terminating proxy
     * on the same host reaches us (there is no STARTTLS over WebSocket, RFC 7395 §3.7).
     */
    boolean plaintextAllowed() {
        return !settings.requireTls()
                || (connection.isLoopback() && (settings.allowPlaintextOnLoopback() || connection.isWebSocket()));
    }

    private Behavior<Inbox> onElement(Element e) {
        if (!headerSent) return fail(StreamError.of(Condition.NOT_AUTHORIZED));
        String ns = e.namespace();
        if (ns.equals(Xmpp.SM)) return onStreamManagement(e);
        return switch (state) {
            case NEGOTIATING -> negotiation.onElement(e);
            case AUTHENTICATED -> binding.onElement(e);
            case ACTIVE -> onStanza(e);
            case DETACHED -> this;
        };
    }

    // --- for Negotiation: the stream before authentication ----------------------------------------------

    Connection connection() {
        return connection;
    }

    /** Runs {@code then} on the session after {@code delay}; input waits meanwhile. */
    void later(Duration delay, Runnable then) {
        busy = true;
        CompletableFuture<Void> later = new CompletableFuture<>();
        getContext().getSystem().scheduler().scheduleOnce(delay, () -> later.complete(null), getContext().getExecutionContext());
        getContext().pipeToSelf(later, (ok, err) -> new AsyncDone(then));
    }

    /** The TLS handshake starts: the client opens a new stream after it. */
    void tlsStarting() {
        headerSent = false;
    }

    /** SASL succeeded (RFC 6120 §6.4.6): the client opens a new stream, and binds a resource on it. */
    void authenticated(String name, boolean isAnonymous) {
        user = name;
        anonymous = isAnonymous;
        state = State.AUTHENTICATED;
        headerSent = false;
        negotiation = null;
    }

    // --- the active session ---------------------------------------------------------------------------

    private Behavior<Inbox> onStanza(Element e) {
        Stanza s = Stanza.from(e);
        if (s == null || !e.namespace().equals(Namespaces.JABBER_CLIENT)) {
            return fail(StreamError.of(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> in " + e.namespace()));
        }
        String from = s.fromAttribute();
        if (from != null) {
            Jid claimed = Jid.parseOrNull(from);
            // RFC 6120 §8.1.2.1: a client may only name its own full or bare JID
            if (claimed == null || !(claimed.equals(jid) || claimed.equals(jid.asBare()))) {
                return fail(StreamError.of(Condition.INVALID_FROM, "you are " + jid));
            }
        }
        if (sm != null) sm.handledInbound();
        s = s.withFrom(jid);
        if (org.apache.pekko.actor.CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) {
            // this node is leaving: its rooms and user entries are being handed over, and what it routed now could be
            // dropped on the way; the stanza is refused (the client knows) and the client reconnects elsewhere
            bounce(s, StanzaError.Condition.SERVICE_UNAVAILABLE);
            closeForShutdown();
            return end(false);
        }
        Jid to = null;
        if (s.toAttribute() != null) {
            to = Jid.parseOrNull(s.toAttribute());
            if (to == null) {
                bounce(s, StanzaError.Condition.JID_MALFORMED);
                return this;
            }
        }
        if (s instanceof Iq iq && !iq.isValidRequest() && (iq.type() == null || iq.type().isRequest() || iq.id() == null)) {
            bounce(s, StanzaError.Condition.BAD_REQUEST); // RFC 6120 §8.2.3
            return this;
        }
        if (s instanceof Iq iq && iq.type() == Iq.Type.SET && iq.payload().is("session", Xmpp.SESSION)) {
            send(iq.result(null).element()); // RFC 3921 session establishment: a no-op kept for old clients
            return this;
        }
        if (to == null || to.equals(jid.asBare())) return new ToServer(this, settings, deps).toOwnAccount(s, to);
        if (to.local() == null && to.domain().value().equals(settings.domain())) return new ToServer(this, settings, deps).toDomain(s, to);
        String domain = to.domain().value();
        if (domain.equals(settings.mucService())) {
            if (to.local() == null) {
                if (s instanceof Iq iq && iq.type().isRequest()) {
                    dev.parley.server.room.MucService.handle(iq, jid, settings, deps.rooms(), deps.roomDirectory(), self(),
                            dev.parley.server.room.ServiceBans.get(getContext().getSystem()));
                }
                return this;
            }
            if (s instanceof Message m && m.type() == Message.Type.GROUPCHAT && to.resource() == null) {
                if (reflections == null) reflections = new Reflections();
                reflections.sent(s.element(), m.id(), to.asBare().toString(), System.nanoTime());
                ticks.soon();
            } else if (s instanceof Presence p && p.type() == Presence.Type.UNAVAILABLE && roomsFollowed != null) {
                roomsFollowed.left(to.asBare().toString());
            }
            deps.rooms().tell(new org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<>(to.asBare().toString(),
                    new dev.parley.server.room.Room.Inbound(s.element(), self(), false, jid)));
            return this;
        }
        if (domain.equals(settings.domain())) {
            deps.users().tell(UserSessions.Route.of(s.element(), to, getContext().getSelf()));
            return this;
        }
        // another server's: through this node's federation (which bounces it if it cannot leave, RFC 6120 §8.3.1)
        if (s instanceof Presence p) {
            if (directedPresence == null) directedPresence = new DirectedPresence();
            directedPresence.sent(p, to);
        }
        deps.users().tell(UserSessions.Route.of(s.element(), to, getContext().getSelf()));
        return this;
    }

    /**
     * RFC 6121 §4.2, §4.4, §4.5: presence broadcast; with no rosters, to the user's other resources. What the
     * client sends next is handled once the registry (on any node) has the new presence: a contact that learns of it
     * and writes to the bare JID finds the resource available (RFC 6121 §8.5.2.1).
     */
    void broadcast(Presence p) {
        available = p.type() == Presence.Type.AVAILABLE;
        priority = p.priority();
        deps.users().tell(new UserSessions.Availability(jid.toString(), getContext().getSelf(), available, priority, true));
        deps.users().tell(new UserSessions.BroadcastToOwnResources(jid.toString(), p.element()));
        busy = true;
        timers.startSingleTimer(AvailabilityUnconfirmed.INSTANCE, AVAILABILITY_WAIT);
    }

    /** Input waits until {@link #resume}. */
    void hold() {
        busy = true;
    }

    /** The resource is bound (RFC 6120 §7.6): the session is active. */
    void bound(FullJid full) {
        jid = full;
        state = State.ACTIVE;
    }

    FullJid jid() {
        return jid;
    }

    ActorRef<Inbox> ref() {
        return getContext().getSelf();
    }

    /** The account's name, and whether it is anonymous (SASL ANONYMOUS, RFC 4505). */
    String user() {
        return user;
    }

    boolean anonymous() {
        return anonymous;
    }

    void bounce(Stanza s, StanzaError.Condition condition) {
        if ("error".equals(s.typeAttribute())) return; // RFC 6120 §8.3.1: never answer an error with an error
        send(s.errorReply(StanzaError.of(condition), true).element());
    }

    private Behavior<Inbox> onDeliverPrepared(PreparedStanza stanza, String to) {
        if (state != State.ACTIVE && state != State.DETACHED) return this;
        if (reflections != null && !reflections.isEmpty() && !reflections.delivered(stanza)) return this; // a second reflection
        if (sm != null) {
            sm.sent(stanza, to);
            ticks.soon();
        }
        if (state == State.ACTIVE) {
            connection.send(stanza, to);
            if (slowSince == 0 && connection.queuedBytes() > settings.maxOutboundQueuedBytes()) slowReader();
        }
        return afterDelivery();
    }

    private Behavior<Inbox> onDeliverAll(Inbox.DeliverAll d) {
        for (PreparedStanza s : d.stanzas()) {
            Behavior<Inbox> next = onDeliverPrepared(s, d.to());
            if (next != this) return next; // the stream ended (too many unacknowledged stanzas)
        }
        return this;
    }

    private Behavior<Inbox> onDeliver(Inbox.Deliver d) {
        if (state != State.ACTIVE && state != State.DETACHED) return this;
        if (reflections != null && !reflections.isEmpty() && !reflections.delivered(d.stanza())) return this; // a second reflection
        if ("presence".equals(d.stanza().name()) && jid != null && OwnResources.isOwn(d.stanza(), jid)) {
            if (ownResources == null) ownResources = new OwnResources();
            ownResources.observe(d.stanza(), jid);
        }
        send(d.stanza());
        return afterDelivery();
    }

    /** Stream-management bookkeeping after a stanza for the client: the unacked bound, and asking for acks. */
    private Behavior<Inbox> afterDelivery() {
        if (sm != null) {
            if (sm.unackedCount() > settings.maxUnacked()) {
                connection.close(StreamError.of(Condition.RESOURCE_CONSTRAINT, "too many unacknowledged stanzas"));
                return end(true);
            }
            if (state == State.ACTIVE && sm.sinceLastRequest >= 5) requestAck();
        }
        return this;
    }

    // --- XEP-0198 stream management ---------------------------------------------------------------------

    private Behavior<Inbox> onStreamManagement(Element e) {
        switch (e.name()) {
            case "enable" -> {
                if (state != State.ACTIVE || sm != null) {
                    send(StreamManagement.failed(StanzaError.Condition.UNEXPECTED_REQUEST));
                    return this;
                }
                boolean resume = "true".equals(e.attribute("resume")) || "1".equals(e.attribute("resume"));
                sm = new StreamManagement(Xmpp.newId(), resume);
                if (resume) deps.users().tell(new UserSessions.RegisterResumable(sm.id, jid.asBare().toString(), getContext().getSelf()));
                send(Element.builder("enabled", Xmpp.SM).attribute("id", sm.id).attribute("resume", resume ? "true" : null)
                        .attribute("max", resume ? Long.toString(settings.resumptionWindow().toSeconds()) : null).build());
            }
            case "r" -> {
                if (sm != null) send(sm.ack());
            }
            case "a" -> {
                if (sm == null) return this;
                Long h = StreamManagement.parseH(e.attribute("h"));
                if (h == null) return fail(StreamError.of(Condition.BAD_FORMAT, "invalid h"));
                if (!sm.acknowledge(h)) return failHandledCountTooHigh(h);
            }
            case "resume" -> {
                if (state != State.AUTHENTICATED) {
                    send(StreamManagement.failed(StanzaError.Condition.UNEXPECTED_REQUEST));
                    return this;
                }
                String previd = e.attribute("previd");
                Long h = StreamManagement.parseH(e.attribute("h"));
                if (previd == null || h == null) {
                    send(StreamManagement.failed(StanzaError.Condition.BAD_REQUEST));
                    return this;
                }
                busy = true;
                pendingResume = new long[] {h};
                pendingResumeId = previd;
                deps.users().tell(new UserSessions.FindResumable(previd, userJid().toString(), getContext().getSelf()));
            }
            default -> {
                return fail(StreamError.of(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> of " + Xmpp.SM));
            }
        }
        return this;
    }

    private long[] pendingResume;
    private String pendingResumeId;

    private Behavior<Inbox> onResumableFound(UserSessions.ResumableFound f) {
        // XEP-0198 resumption stays on the node that held the session: the stream's connection cannot move to
        // another node, so a session found elsewhere in the cluster is not resumed (the client binds anew)
        if (f.session() == null || f.session().equals(getContext().getSelf()) || !f.session().path().address().hasLocalScope()) {
            send(StreamManagement.failed(StanzaError.Condition.ITEM_NOT_FOUND));
            return resume();
        }
        f.session().tell(new TakeOver(connection, pendingResume[0], pendingResumeId, userJid(), getContext().getSelf()));
        resumeTarget = f.session();
        return this;
    }

    private ActorRef<Inbox> resumeTarget;
    /** This session gave its connection to the session it resumed: the socket is not ours to close. */
    private boolean handedOver;

    private Behavior<Inbox> onTakeOverResult(TakeOverResult r) {
        if (!r.ok()) {
            send(StreamManagement.failed(StanzaError.Condition.ITEM_NOT_FOUND));
            return resume();
        }
        // The old session owns the connection now: hand it what arrived meanwhile, and stop quietly.
        handedOver = true;
        for (Command c : pending) resumeTarget.tell(c);
        pending.clear();
        return Behaviors.stopped();
    }

    /** Runs in the old session: a new connection resumes us (XEP-0198 §5). */
    private Behavior<Inbox> onTakeOver(TakeOver t) {
        boolean ok = (state == State.ACTIVE || state == State.DETACHED) && sm != null && sm.resumable
                && sm.id.equals(t.previd()) && jid.asBare().equals(t.user()) && sm.acknowledge(t.h());
        if (!ok) {
            t.replyTo().tell(new TakeOverResult(false));
            return this;
        }
        if (state == State.ACTIVE) connection.close(null); // the old connection was half-open: drop it
        timers.cancel(ResumptionExpired.INSTANCE);
        connection = t.connection();
        connection.attach(adapter);
        state = State.ACTIVE;
        headerSent = true;
        lastInbound = System.nanoTime();
        pingSentAt = 0;
        send(Element.builder("resumed", Xmpp.SM).attribute("h", Long.toString(sm.inbound)).attribute("previd", sm.id).build());
        for (Element stanza : sm.drain()) send(stanza); // counted and kept again until acknowledged
        if (sm.unackedCount() > 0) requestAck();
        t.replyTo().tell(new TakeOverResult(true));
        connection.requestRead();
        return this;
    }

    /**
     * The registry lost this session's entry (its shard stopped or moved): bind the resource again, with the
     * presence and the resumable stream it had, in the next incarnation of the entry.
     */
    Behavior<Inbox> reannounce() {
        if (jid == null || (state != State.ACTIVE && state != State.DETACHED)) return this;
        // this node is shutting down: its shards are being handed off, and this session ends with it; binding
        // again would start the user's entry here once more, and the hand-off would never finish
        if (org.apache.pekko.actor.CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) return this;
        deps.users().tell(new UserSessions.Bind(jid.toString(), getContext().getSelf(), true, true, available, priority));
        timers.startSingleTimer(BindUnanswered.INSTANCE, BIND_RETRY); // until a RebindResult
        if (sm != null && sm.resumable) deps.users().tell(new UserSessions.RegisterResumable(sm.id, jid.asBare().toString(), getContext().getSelf()));
        return this;
    }

    /** How rooms and other entities reach this session, in order, from any node. */
    private Client self() {
        if (self == null) {
            // registered with this node's delivery first: what other nodes send to it names it by its number
            long id = NodeDelivery.newSessionId();
            deps.delivery().tell(new NodeDelivery.Register(id, getContext().getSelf()));
            self = new Client(getContext().getSelf(), id, deps.delivery());
        }
        return self;
    }

    private Client self;

    /** Whom on other servers the client sent available presence to (RFC 6121 §4.6); null until it sends some. */
    private DirectedPresence directedPresence;

    /** The user's other resources the client believes available (null until it hears of one): see {@link OwnResources}. */
    private OwnResources ownResources;

    /** The rooms the client is in (null until it enters one): see {@link RoomsFollowed}. */
    private RoomsFollowed roomsFollowed;

    /**
     * The room moved or lost its node: what the client sent it and has not seen reflected may have been dropped
     * on the way (sharding does not hand over messages in flight to a room that moves), so it is sent again,
     * marked so (the room takes it only if the first copy never arrived). Sharding holds it until the room runs
     * again; the room tells where it runs then.
     */
    private Behavior<Inbox> onRoomGone(RoomGone g) {
        if (roomsFollowed == null || !roomsFollowed.gone(g.room(), g.entity())) return this;
        return resendTo(g.room());
    }

    /** Sends the room again, marked so, the client's messages it has not reflected yet. */
    private Behavior<Inbox> resendTo(String room) {
        if (reflections == null) return this;
        for (Element m : reflections.resend(room)) {
            deps.rooms().tell(new org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<>(room,
                    new dev.parley.server.room.Room.Inbound(m, self(), true, jid)));
        }
        return this;
    }

    /** This client's groupchat messages until their room reflects or refuses them (null until it sends one). */
    private Reflections reflections;

    private BareJid userJid() {
        return BareJid.of(dev.parley.protocol.jid.Localpart.of(user), dev.parley.protocol.jid.Domainpart.of(settings.domain()));
    }

    private void requestAck() {
        sm.sinceLastRequest = 0;
        send(StreamManagement.ackRequest());
    }

    private Behavior<Inbox> failHandledCountTooHigh(long h) {
        Element app = Element.builder("handled-count-too-high", Xmpp.SM).attribute("h", Long.toString(h))
                .attribute("send-count", Long.toString(sm.sentCount())).build();
        connection.close(new StreamError(Condition.UNDEFINED_CONDITION, "you acknowledged more than was sent", app));
        return end(false);
    }

    // --- timers: authentication timeout, pings, slow readers, ack requests -------------------------------

    private Behavior<Inbox> onTick() {
        long now = System.nanoTime();
        Behavior<Inbox> next = onTick(now);
        if (next == this) {
            ticks.after(now, state != State.ACTIVE || pingSentAt != 0 || slowSince != 0
                    || (sm != null && sm.unackedCount() > 0) || (reflections != null && !reflections.isEmpty()), lastInbound);
        }
        return next;
    }

    private Behavior<Inbox> onTick(long now) {
        if (state == State.NEGOTIATING || state == State.AUTHENTICATED) {
            if (jid == null && now - started > settings.authTimeout().toNanos()) {
                connection.close(StreamError.of(Condition.CONNECTION_TIMEOUT, "not authenticated in time"));
                return end(false);
            }
        }
        if (state != State.ACTIVE) return this;
        if (pingSentAt != 0 && now - pingSentAt > settings.pingTimeout().toNanos()) {
            // XEP-0199 §4.2: no answer to our ping: the connection is dead
            connection.close(StreamError.of(Condition.CONNECTION_TIMEOUT, "no answer to ping"));
            return this; // the Closed event ends the session, or detaches it when resumable
        }
        if (pingSentAt == 0 && now - lastInbound > settings.pingInterval().toNanos()) {
            pingSentAt = now;
            send(Element.builder(Iq.ELEMENT, Namespaces.JABBER_CLIENT).attribute("from", settings.domain()).attribute("to", jid.toString())
                    .attribute("type", "get").attribute("id", "ping-" + (++pingCounter)).add(Element.of("ping", Xmpp.PING)).build());
        }
        if (sm != null && sm.unackedCount() > 0 && sm.sinceLastRequest > 0) requestAck();
        if (reflections != null && !reflections.isEmpty()) {
            for (Element bounce : reflections.expired(now, settings.reflectionTimeout().toNanos())) send(bounce);
        }
        return checkSlowReader(now);
    }

    /** A client that does not read: after slow-reader-grace over the limit (or at four times it), it is closed. */
    private Behavior<Inbox> checkSlowReader(long now) {
        long queued = connection.queuedBytes();
        if (queued <= settings.maxOutboundQueuedBytes()) {
            slowSince = 0;
            return this;
        }
        if (slowSince == 0) slowSince = now;
        if (queued > 4 * settings.maxOutboundQueuedBytes() || now - slowSince > settings.slowReaderGrace().toNanos()) {
            connection.close(StreamError.of(Condition.POLICY_VIOLATION, "you do not read what is sent to you"));
            return end(true);
        }
        return this;
    }

    // --- plumbing ---------------------------------------------------------------------------------------

    /**
     * Sends an element to the client. With stream management on, every stanza is counted and kept until
     * acknowledged (XEP-0198 §4: the client's 'h' counts all stanzas it received); while detached, it is
     * only kept, for resumption.
     */
    void send(Element e) {
        if (sm != null && StreamManagement.isStanza(e)) {
            sm.sent(e);
            ticks.soon();
        }
        if (state == State.DETACHED) return;
        connection.send(e);
        if (slowSince == 0 && connection.queuedBytes() > settings.maxOutboundQueuedBytes()) slowReader();
    }

    /** Output queued over the limit: from now on, slow-reader-grace to drain it (checked at each tick). */
    private void slowReader() {
        slowSince = System.nanoTime();
        ticks.soon();
    }

    /** Runs blocking {@code work} off the actor, then {@code then} on it; input waits meanwhile. */
    <T> Behavior<Inbox> async(Supplier<T> work, java.util.function.Consumer<T> then) {
        busy = true;
        CompletableFuture<T> f = CompletableFuture.supplyAsync(work, deps.blocking());
        getContext().pipeToSelf(f, (result, error) -> new AsyncDone(() -> {
            if (error != null) {
                getContext().getLog().error("session {}: {}", jid, error.toString());
                connection.close(StreamError.of(Condition.INTERNAL_SERVER_ERROR));
                return;
            }
            then.accept(result);
        }));
        return this;
    }

    private Behavior<Inbox> onAsyncDone(AsyncDone d) {
        busy = false;
        d.continuation().run();
        return resume();
    }

    /** Not busy any more: handle what queued up meanwhile, in order. */
    Behavior<Inbox> resume() {
        busy = false;
        Behavior<Inbox> b = this;
        while (!busy && !pending.isEmpty() && b == this) {
            Command c = pending.poll();
            b = c instanceof FromConnection f ? onConnectionEvent(f) : this;
        }
        return b;
    }

    Behavior<Inbox> fail(StreamError error) {
        getContext().getLog().debug("stream error to {} ({}): {} {}", jid != null ? jid : user, connection.remoteAddress(),
                error.condition().elementName(), error.text() == null ? "" : error.text());
        if (!headerSent) {
            // RFC 6120 §4.9.1.2: an error before our header is sent still comes after a header
            connection.openStream(new StreamHeader(null, settings.domain(), Xmpp.newId(), "1.0", "en", Namespaces.JABBER_CLIENT), error.toElement());
            connection.close(null);
        } else {
            connection.close(error);
        }
        return end(false);
    }

    /** The session is over: unbind, say unavailable to the user's other resources, bounce what was never acknowledged. */
    Behavior<Inbox> end(boolean connectionMayBeOpen) {
        if (jid != null && state != State.NEGOTIATING) {
            deps.users().tell(new UserSessions.Unbind(jid.toString(), getContext().getSelf()));
            if (available) {
                deps.users().tell(new UserSessions.BroadcastToOwnResources(jid.toString(),
                        Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", jid.toString()).build()));
            }
            if (directedPresence != null) {
                for (Element gone : directedPresence.unavailable(jid)) { // RFC 6121 §4.6.3: rooms on other servers, too
                    deps.users().tell(UserSessions.Route.of(gone, Jid.of(gone.attribute("to")), getContext().getSystem().ignoreRef()));
                }
            }
        }
        if (sm != null) {
            if (sm.resumable) deps.users().tell(new UserSessions.ForgetResumable(sm.id, jid.asBare().toString(), getContext().getSelf()));
            for (Element e : sm.drain()) bounceUndelivered(e);
        }
        if (connectionMayBeOpen) connection.close(null);
        return Behaviors.stopped();
    }

    /** RFC 6120 §4.9.3.19: this node is leaving. The client's groupchat messages no room has answered yet are bounced first. */
    private void closeForShutdown() {
        if (reflections != null) for (Element e : reflections.abandon()) send(e);
        connection.close(StreamError.of(Condition.SYSTEM_SHUTDOWN, null));
    }

    /** XEP-0198 §4: what the client never acknowledged is bounced to its senders, wherever they are. */
    private void bounceUndelivered(Element e) {
        Stanza error = StreamManagement.undeliverable(e);
        if (error != null) deps.users().tell(UserSessions.Route.of(error.element(), Jid.of(error.toAttribute()), getContext().getSystem().ignoreRef()));
    }
}
