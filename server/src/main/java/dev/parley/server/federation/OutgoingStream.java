package dev.parley.server.federation;

import dev.parley.protocol.s2s.Dialback;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.net.ConnectionEvent;
import dev.parley.server.net.Dialer;
import dev.parley.server.net.TcpConnection;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's stream from one of its domains to one remote domain (RFC 6120 §4, the initiating entity): found
 * through {@link PeerAddresses}, secured with STARTTLS (required unless {@code parley.s2s.require-tls} is off),
 * authenticated with SASL EXTERNAL when the peer offers it for our certificate (XEP-0178), else with dialback
 * (XEP-0220 §2.1.1: our key, which the peer checks with any of our nodes). Stanzas wait while it is set up and
 * bounce if it cannot be (remote-server-not-found when the domain cannot be reached, remote-server-timeout when it
 * does not answer in {@code parley.s2s.connect-timeout}). Once secured it also carries this node's questions to
 * the peer as an Authoritative Server (db:verify, §2.1.2) for the streams the peer opened to us, whether or not
 * our own authentication is done: each side waits for the other otherwise. Closed after {@code idle-timeout}
 * without traffic.
 */
final class OutgoingStream extends AbstractBehavior<Federation.LinkCommand> {
    private static final Logger log = LoggerFactory.getLogger(OutgoingStream.class);
    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** XEP-0288: the stream feature a receiving server offers, and the element that asks for it. */
    static final String BIDI_FEATURE = "urn:xmpp:features:bidi";
    static final String BIDI = "urn:xmpp:bidi";

    /** A question for the peer as Authoritative Server: is {@code key} its key for the stream {@code streamId} it opened to us? */
    record Verify(String streamId, String key, ActorRef<IncomingStream.Command> replyTo) implements Federation.LinkCommand, NoSerializationVerificationNeeded {}

    private record Net(ConnectionEvent event) implements Federation.LinkCommand, NoSerializationVerificationNeeded {}

    /** Federation agrees that the stream, idle, stops: nothing more will be sent to it. */
    enum Stop implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    private record Resolved(int attempt, List<PeerAddresses.Candidate> candidates, Throwable failure) implements Federation.LinkCommand, NoSerializationVerificationNeeded {}

    private record Dialed(int attempt, TcpConnection connection, Throwable failure, PeerAddresses.Candidate at) implements Federation.LinkCommand,
            NoSerializationVerificationNeeded {}

    private enum Timeout implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    /** The peer had {@code slow-peer-grace} to read its backlog. */
    private enum SlowCheck implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    private enum IdleCheck implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    /**
     * CLOSED: no stream now (the peer closed one that was ready, or none could be set up); the next stanza or
     * question opens another.
     */
    private enum State { RESOLVING, CONNECTING, OPENING, TLS, SASL, DIALBACK, READY, CLOSED }

    record Deps(ServerSettings settings, FederationSettings federation, String localDomain, String remoteDomain, ActorRef<Inbox> owner,
            Supplier<Dialer> dialer, SslContext clientTls, PeerAddresses addresses, java.util.concurrent.Executor blocking,
            FederationCounters counters) {}

    static Behavior<Federation.LinkCommand> create(Deps deps) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new OutgoingStream(ctx, deps, timers)));
    }

    private final Deps deps;
    private final String local;
    private final String remote;
    private final TimerScheduler<Federation.LinkCommand> timers;
    private final ActorRef<ConnectionEvent> adapter;
    private final ArrayDeque<Federation.Out> waiting = new ArrayDeque<>();
    private final SlowPeer slow;
    /** Questions not yet sent (the stream is not secured yet), and those sent, by the stream id they are about. */
    private final List<Verify> verifyLater = new ArrayList<>();
    private final Map<String, List<Verify>> verifying = new HashMap<>();
    private State state = State.RESOLVING;
    private List<PeerAddresses.Candidate> candidates = List.of();
    private int next;
    private TcpConnection connection;
    private PeerAddresses.Candidate at;
    private String streamId;
    private boolean secure;
    private boolean saslTried;
    private boolean saslDone;
    /** XEP-0288 is on: the peer may send us its stanzas for our domain on this stream rather than on one of its own. */
    private boolean bidi;
    private boolean active;
    private String lastFailure;

    private OutgoingStream(ActorContext<Federation.LinkCommand> context, Deps deps, TimerScheduler<Federation.LinkCommand> timers) {
        super(context);
        this.deps = deps;
        this.local = deps.localDomain();
        this.remote = deps.remoteDomain();
        this.timers = timers;
        this.adapter = context.messageAdapter(ConnectionEvent.class, Net::new);
        this.slow = new SlowPeer(deps.federation().maxOutboundQueuedBytes(), deps.federation().slowPeerGrace());
        timers.startTimerWithFixedDelay(IdleCheck.INSTANCE, deps.federation().idleTimeout());
        open();
    }

    /** Finds the peer and connects, with {@code connect-timeout} for all of it (RFC 6120 §3.2). */
    private void open() {
        int attempt = ++attempts;
        state = State.RESOLVING;
        next = 0;
        streamId = null;
        secure = false;
        saslTried = false;
        saslDone = false;
        mayVerify = false;
        bidi = false;
        timers.startSingleTimer(Timeout.INSTANCE, deps.federation().connectTimeout());
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> deps.addresses().candidates(remote), deps.blocking()),
                (c, f) -> new Resolved(attempt, c, f));
    }

    /** Which try at setting the stream up this is: what a failed one still reports is ignored. */
    private int attempts;

    @Override
    public Receive<Federation.LinkCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Federation.Out.class, this::onOut)
                .onMessageEquals(SlowCheck.INSTANCE, this::onSlowCheck)
                .onMessage(Verify.class, this::onVerify)
                .onMessage(Resolved.class, m -> m.attempt() == attempts ? onResolved(m) : this)
                .onMessage(Dialed.class, m -> {
                    if (m.attempt() == attempts) return onDialed(m);
                    if (m.connection() != null) m.connection().close(null); // a try given up on meanwhile
                    return this;
                })
                .onMessage(Net.class, m -> m.event().source() == connection ? onNet(m.event()) : this)
                .onMessageEquals(Timeout.INSTANCE, () -> {
                    if (state == State.READY || state == State.CLOSED) return this;
                    return fail(StanzaError.Condition.REMOTE_SERVER_TIMEOUT, remote + " did not answer in time"
                            + (lastFailure == null ? "" : " (" + lastFailure + ")"));
                })
                .onMessageEquals(IdleCheck.INSTANCE, () -> {
                    if (active || !waiting.isEmpty() || !verifying.isEmpty() || !verifyLater.isEmpty()) {
                        active = false;
                        return this;
                    }
                    deps.owner().tell(new Federation.LinkIdle(local + " " + remote, getContext().getSelf()));
                    return this;
                })
                .onMessageEquals(Stop.INSTANCE, () -> {
                    // what Federation sent before it agreed: to a new stream (it has forgotten this one)
                    for (Federation.Out o : waiting) deps.owner().tell(o);
                    for (Verify v : verifyLater) deps.owner().tell(new Federation.Verify(local, remote, v));
                    waiting.clear();
                    verifyLater.clear();
                    return Behaviors.stopped();
                })
                .onSignal(PostStop.class, s -> {
                    if (connection != null) connection.close(null);
                    answerAll(false);
                    return this;
                })
                .build();
    }

    // --- what senders ask -------------------------------------------------------------------------------------

    private Behavior<Federation.LinkCommand> onOut(Federation.Out out) {
        active = true;
        if (state == State.READY) {
            write(out);
            return this;
        }
        if (state == State.CLOSED) open();
        if (waiting.size() < deps.federation().maxQueued()) {
            waiting.add(out);
        } else {
            deps.owner().tell(new Federation.Bounce(List.of(out), StanzaError.Condition.RESOURCE_CONSTRAINT,
                    "too many stanzas wait for the stream to " + remote));
        }
        return this;
    }

    private Behavior<Federation.LinkCommand> onVerify(Verify v) {
        active = true;
        if (connection != null && mayVerify) {
            sendVerify(v);
            return this;
        }
        if (state == State.CLOSED) open();
        verifyLater.add(v);
        return this;
    }

    /** The stream is as secure as it will be (its first features after TLS): questions may be asked on it. */
    private boolean mayVerify;

    private void sendVerify(Verify v) {
        verifying.computeIfAbsent(v.streamId(), k -> new ArrayList<>()).add(v);
        connection.send(Dialback.request(true, local, remote, v.streamId(), v.key()).toElement());
    }

    // --- connecting -------------------------------------------------------------------------------------------

    private Behavior<Federation.LinkCommand> onResolved(Resolved r) {
        if (r.failure() != null || r.candidates().isEmpty()) {
            return fail(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, remote + " has no XMPP service");
        }
        candidates = r.candidates();
        return dialNext();
    }

    private Behavior<Federation.LinkCommand> dialNext() {
        if (next >= candidates.size()) {
            return fail(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "cannot connect to " + remote + (lastFailure == null ? "" : ": " + lastFailure));
        }
        PeerAddresses.Candidate c = candidates.get(next++);
        state = State.CONNECTING;
        Dialer d = deps.dialer().get();
        if (d == null) return fail(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "the node is not started");
        int attempt = attempts;
        getContext().pipeToSelf(d.dial(c.host(), c.port(), deps.federation().connectTimeout(), Namespaces.JABBER_SERVER,
                deps.federation().maxInboundBytesPerSecond()),
                (conn, f) -> new Dialed(attempt, conn, f, c));
        return this;
    }

    private Behavior<Federation.LinkCommand> onDialed(Dialed m) {
        if (m.failure() != null) {
            lastFailure = m.at().host() + ":" + m.at().port() + ": " + m.failure().getMessage();
            log.debug("s2s {} -> {}: {}", local, remote, lastFailure);
            return dialNext();
        }
        connection = m.connection();
        at = m.at();
        connection.attach(adapter);
        if (at.directTls()) { // XEP-0368: TLS from the first byte
            connection.startClientTls(deps.clientTls(), remote, at.port());
            secure = true;
        }
        openStream();
        return this;
    }

    private void openStream() {
        state = State.OPENING;
        connection.openStream(new StreamHeader(remote, local, null, "1.0", null, Namespaces.JABBER_SERVER), null);
        connection.requestRead();
    }

    private Behavior<Federation.LinkCommand> onNet(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.ReadComplete) {
            connection.requestRead();
            return this;
        }
        if (e instanceof ConnectionEvent.Closed) {
            connection = null;
            if (state == State.READY) {
                log.debug("s2s {} -> {}: closed by the peer", local, remote);
                state = State.CLOSED; // the next stanza for the domain opens a new stream
                answerAll(false); // questions asked on it will get no answer now
                return this;
            }
            lastFailure = lastFailure == null ? "the peer closed the stream" : lastFailure;
            return fail(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, remote + ": " + lastFailure);
        }
        StreamEvent event = ((ConnectionEvent.Inbound) e).event();
        if (event instanceof StreamEvent.Opened o) {
            streamId = o.header().id();
            return this;
        }
        if (event instanceof StreamEvent.Failed f) {
            connection.close(f.error());
            lastFailure = "bad XML from the peer: " + f.error().condition().elementName();
            return this;
        }
        if (event instanceof StreamEvent.ElementReceived r) return onElement(r.element());
        connection.close(null); // the peer closed its stream
        return this;
    }

    private Behavior<Federation.LinkCommand> onElement(Element e) {
        active = true;
        if (e.is("error", StreamHeader.STREAMS_NAMESPACE)) {
            lastFailure = "stream error " + StreamError.fromElement(e);
            log.info("s2s {} -> {}: {}", local, remote, lastFailure);
            return this; // the close follows
        }
        if (e.is("features", StreamHeader.STREAMS_NAMESPACE)) return onFeatures(e);
        if (e.is("proceed", TLS) && state == State.TLS) {
            connection.startClientTls(deps.clientTls(), remote, at.port());
            secure = true;
            openStream();
            return this;
        }
        if (e.namespace().equals(SASL) && state == State.SASL) {
            if (e.name().equals("success")) {
                saslDone = true;
                connection.restartStream();
                openStream();
            } else { // failure: dialback on this stream, if the peer offered it
                state = State.DIALBACK;
                sendDialback();
            }
            return this;
        }
        if (e.namespace().equals(Dialback.NAMESPACE)) return onDialback(Dialback.from(e));
        if (e.namespace().equals(Namespaces.JABBER_SERVER) && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"))) {
            return onBidiStanza(e);
        }
        log.debug("s2s {} -> {}: unexpected {} ignored", local, remote, e.name());
        return this;
    }

    /**
     * XEP-0288 §2.2: on a bidirectional stream the peer sends stanzas back, once we are authenticated, and only for
     * the inverse of the pair: from its domain to ours. Anything else is an error of the stream, as on a stream the
     * peer opened ({@link IncomingStream}).
     */
    private Behavior<Federation.LinkCommand> onBidiStanza(Element e) {
        if (!bidi || state != State.READY) {
            connection.close(StreamError.of(StreamError.Condition.NOT_AUTHORIZED, "no stanzas on this stream before it is bidirectional and authenticated"));
            return this;
        }
        dev.parley.protocol.jid.Jid from = dev.parley.protocol.jid.Jid.parseOrNull(e.attribute("from"));
        dev.parley.protocol.jid.Jid to = dev.parley.protocol.jid.Jid.parseOrNull(e.attribute("to"));
        if (from == null || to == null) {
            connection.close(StreamError.of(StreamError.Condition.IMPROPER_ADDRESSING, "a stanza between servers needs a valid 'from' and 'to'"));
        } else if (!from.domain().value().equals(remote)) {
            connection.close(StreamError.of(StreamError.Condition.INVALID_FROM, "this stream carries " + remote + "'s stanzas only"));
        } else if (!to.domain().value().equals(local)) {
            connection.close(StreamError.of(StreamError.Condition.HOST_UNKNOWN, "this stream carries stanzas for " + local + " only"));
        } else {
            deps.counters().bidiStanzasIn.increment();
            deps.owner().tell(new Federation.Received(e.renamespaced(Namespaces.JABBER_SERVER, Namespaces.JABBER_CLIENT)));
        }
        return this;
    }

    private Behavior<Federation.LinkCommand> onFeatures(Element features) {
        Element starttls = features.child("starttls", TLS);
        if (!secure && starttls != null) {
            state = State.TLS;
            connection.send(Element.of("starttls", TLS));
            return this;
        }
        if (!secure && deps.federation().requireTls()) {
            connection.close(StreamError.of(StreamError.Condition.POLICY_VIOLATION, "TLS is required"));
            lastFailure = remote + " does not offer TLS";
            return this;
        }
        if (!bidi && features.child("bidi", BIDI_FEATURE) != null) { // XEP-0288 §2.2: after TLS, before SASL or dialback
            bidi = true;
            connection.send(Element.of("bidi", BIDI));
        }
        if (saslDone) return ready(); // the features of the stream restarted after SASL success
        if (!mayVerify) {
            mayVerify = true;
            for (Verify v : verifyLater) sendVerify(v);
            verifyLater.clear();
        }
        Element mechanisms = features.child("mechanisms", SASL);
        if (secure && !saslTried && mechanisms != null && offers(mechanisms, "EXTERNAL")) {
            saslTried = true;
            state = State.SASL;
            // XEP-0178 §3: the authorization identity is our domain
            connection.send(Element.builder("auth", SASL).attribute("mechanism", "EXTERNAL")
                    .text(Base64.getEncoder().encodeToString(local.getBytes(StandardCharsets.UTF_8))).build());
            return this;
        }
        state = State.DIALBACK;
        sendDialback();
        return this;
    }

    private static boolean offers(Element mechanisms, String name) {
        for (Element m : mechanisms.elements()) if (name.equals(m.text().trim())) return true;
        return false;
    }

    private void sendDialback() {
        if (streamId == null) {
            connection.close(StreamError.of(StreamError.Condition.INVALID_XML, "no stream id"));
            lastFailure = remote + " sent no stream id";
            return;
        }
        // XEP-0220 §2.1.1 with the XEP-0185 key: the peer asks an Authoritative Server of ours whether it is right
        connection.send(Dialback.request(false, local, remote, null,
                Dialback.key(deps.federation().dialbackSecret(), remote, local, streamId)).toElement());
    }

    private Behavior<Federation.LinkCommand> onDialback(Dialback d) {
        if (d == null) return this;
        if (d.verify()) { // the answer to one of our questions (§2.2.2)
            List<Verify> asked = verifying.remove(d.id());
            if (asked != null) for (Verify v : asked) v.replyTo().tell(new IncomingStream.Verified(remote, d.id(), d.valid()));
            return this;
        }
        if (d.isRequest()) return this; // a db:result request belongs on streams the peer opens, not ours
        if (d.valid()) return ready();
        lastFailure = remote + " refused our dialback key" + (d.error() == null ? "" : " (" + d.error().elementName() + ")");
        connection.close(null);
        return this;
    }

    private Behavior<Federation.LinkCommand> ready() {
        state = State.READY;
        lastFailure = null;
        timers.cancel(Timeout.INSTANCE);
        (saslDone ? deps.counters().outgoingExternal : deps.counters().outgoingDialback).increment();
        if (bidi) deps.counters().bidiStreams.increment();
        log.debug("s2s {} -> {}: ready ({})", local, remote, saslDone ? "SASL EXTERNAL" : "dialback");
        for (Federation.Out o; (o = waiting.poll()) != null; ) write(o);
        return this;
    }

    private void write(Federation.Out out) {
        if (!slow.mayWrite(connection, () -> timers.startSingleTimer(SlowCheck.INSTANCE, slow.grace()))) {
            deps.owner().tell(new Federation.Bounce(List.of(out), StanzaError.Condition.REMOTE_SERVER_TIMEOUT, "the remote server does not read"));
            return;
        }
        if (out.element() != null) connection.send(out.element());
        else connection.send(out.prepared(), out.to());
    }

    /** A peer that has not read its backlog in slow-peer-grace: its stream is closed, and opens again when needed. */
    private Behavior<Federation.LinkCommand> onSlowCheck() {
        if (connection != null && slow.stillBehind(connection)) {
            log.warn("{}: the peer does not read; closing the stream", "s2s " + local + " -> " + remote);
            deps.counters().slowPeersClosed.increment();
            connection.close(StreamError.of(StreamError.Condition.POLICY_VIOLATION, "you do not read what is sent to you"));
        }
        return this;
    }

    /**
     * The stream cannot be set up: what waits bounces, questions are answered "not valid", and the next stanza
     * tries again.
     */
    private Behavior<Federation.LinkCommand> fail(StanzaError.Condition condition, String text) {
        log.info("s2s {} -> {}: {}", local, remote, text);
        if (!waiting.isEmpty()) deps.owner().tell(new Federation.Bounce(List.copyOf(waiting), condition, text));
        waiting.clear();
        answerAll(false);
        if (connection != null) connection.close(null);
        connection = null;
        timers.cancel(Timeout.INSTANCE);
        state = State.CLOSED;
        return this;
    }

    private void answerAll(boolean valid) {
        for (Verify v : verifyLater) v.replyTo().tell(new IncomingStream.Verified(remote, v.streamId(), valid));
        for (List<Verify> vs : verifying.values()) for (Verify v : vs) v.replyTo().tell(new IncomingStream.Verified(remote, v.streamId(), valid));
        verifyLater.clear();
        verifying.clear();
    }
}
