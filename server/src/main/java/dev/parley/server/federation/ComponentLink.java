package dev.parley.server.federation;

import dev.parley.protocol.component.ComponentHandshake;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.net.ConnectionEvent;
import dev.parley.server.net.Dialer;
import dev.parley.server.net.TcpConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
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
 * This node's connection to the main server it is a component of (XEP-0114, jabber:component:accept): it opens
 * the stream to the component's domain, proves the shared secret with {@code <handshake/>} (§3), then carries
 * stanzas both ways: what the main server routes to the component's domain goes to {@link Federation}, and
 * everything the node sends to another domain goes out here (the main server routes it on, to its users or over
 * its own server-to-server streams). When the main server goes away, or refuses the handshake, the link connects
 * again after {@code parley.component.reconnect-min}, doubling up to {@code reconnect-max}; meanwhile stanzas
 * wait, up to {@code parley.s2s.max-queued}, and more bounce.
 */
final class ComponentLink extends AbstractBehavior<Federation.LinkCommand> {
    private static final Logger log = LoggerFactory.getLogger(ComponentLink.class);

    private record Net(ConnectionEvent event) implements Federation.LinkCommand, NoSerializationVerificationNeeded {}

    private record Dialed(TcpConnection connection, Throwable failure) implements Federation.LinkCommand, NoSerializationVerificationNeeded {}

    private enum Reconnect implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    /** The peer had {@code slow-peer-grace} to read its backlog. */
    private enum SlowCheck implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    private enum HandshakeTimeout implements Federation.LinkCommand, NoSerializationVerificationNeeded { INSTANCE }

    private enum State { DOWN, CONNECTING, OPENING, HANDSHAKE, READY }

    static Behavior<Federation.LinkCommand> create(FederationSettings settings, ActorRef<Inbox> federation, Supplier<Dialer> dialer,
            FederationCounters counters) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ComponentLink(ctx, settings, federation, dialer, timers, counters)));
    }

    private final FederationCounters counters;

    private final FederationSettings settings;
    private final ActorRef<Inbox> federation;
    private final Supplier<Dialer> dialer;
    private final TimerScheduler<Federation.LinkCommand> timers;
    private final ActorRef<ConnectionEvent> adapter;
    private final ArrayDeque<Federation.Out> waiting = new ArrayDeque<>();
    private final SlowPeer slow;
    private State state = State.DOWN;
    private TcpConnection connection;
    private Duration backoff;

    private ComponentLink(ActorContext<Federation.LinkCommand> context, FederationSettings settings, ActorRef<Inbox> federation,
            Supplier<Dialer> dialer, TimerScheduler<Federation.LinkCommand> timers, FederationCounters counters) {
        super(context);
        this.counters = counters;
        this.settings = settings;
        this.federation = federation;
        this.dialer = dialer;
        this.timers = timers;
        this.adapter = context.messageAdapter(ConnectionEvent.class, Net::new);
        this.slow = new SlowPeer(settings.maxOutboundQueuedBytes(), settings.slowPeerGrace());
        this.backoff = settings.reconnectMin();
        connect();
    }

    @Override
    public Receive<Federation.LinkCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Federation.Out.class, this::onOut)
                .onMessageEquals(SlowCheck.INSTANCE, this::onSlowCheck)
                .onMessage(Dialed.class, this::onDialed)
                .onMessage(Net.class, m -> m.event().source() == connection ? onNet(m.event()) : this)
                .onMessageEquals(Reconnect.INSTANCE, () -> {
                    if (state == State.DOWN) connect();
                    return this;
                })
                .onMessageEquals(HandshakeTimeout.INSTANCE, () -> {
                    if (state == State.OPENING || state == State.HANDSHAKE) {
                        log.warn("component {}: {}:{} did not complete the handshake in {}", settings.componentDomain(),
                                settings.componentHost(), settings.componentPort(), settings.connectTimeout());
                        connection.close(StreamError.of(StreamError.Condition.CONNECTION_TIMEOUT));
                        down();
                    }
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    counters.componentConnected.set(0);
                    if (connection != null) connection.close(null);
                    return this;
                })
                .build();
    }

    private void connect() {
        state = State.CONNECTING;
        Dialer d = dialer.get();
        if (d == null) { // the node is still starting: its event loops come next
            state = State.DOWN;
            timers.startSingleTimer(Reconnect.INSTANCE, Duration.ofMillis(100));
            return;
        }
        getContext().pipeToSelf(d.dial(settings.componentHost(), settings.componentPort(), settings.connectTimeout(),
                Namespaces.JABBER_COMPONENT_ACCEPT, settings.maxInboundBytesPerSecond()), Dialed::new);
    }

    private Behavior<Federation.LinkCommand> onDialed(Dialed m) {
        if (m.failure() != null) {
            log.warn("component {}: cannot connect to {}:{}: {}; again in {}", settings.componentDomain(), settings.componentHost(),
                    settings.componentPort(), m.failure().getMessage(), backoff);
            down();
            return this;
        }
        connection = m.connection();
        connection.attach(adapter);
        state = State.OPENING;
        // §3 example 1: to is the component's own name; no version (the main server answers without one)
        connection.openStream(new StreamHeader(settings.componentDomain(), null, null, null, null, Namespaces.JABBER_COMPONENT_ACCEPT), null);
        connection.requestRead();
        timers.startSingleTimer(HandshakeTimeout.INSTANCE, settings.connectTimeout());
        return this;
    }

    private Behavior<Federation.LinkCommand> onNet(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.ReadComplete) {
            connection.requestRead();
        } else if (e instanceof ConnectionEvent.Closed) {
            if (state == State.READY) log.warn("component {}: the main server closed the stream; again in {}", settings.componentDomain(), backoff);
            down();
        } else if (e instanceof ConnectionEvent.Inbound in) {
            onStreamEvent(in.event());
        }
        return this;
    }

    private void onStreamEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Opened o) {
            if (state != State.OPENING || o.header().id() == null) {
                connection.close(StreamError.of(StreamError.Condition.INVALID_XML, "a stream header without an id"));
                return;
            }
            state = State.HANDSHAKE;
            connection.send(ComponentHandshake.request(o.header().id(), settings.componentSecret()));
        } else if (event instanceof StreamEvent.ElementReceived r) {
            Element e = r.element();
            if (e.is("error", StreamHeader.STREAMS_NAMESPACE)) {
                log.warn("component {}: the main server refused the stream: {}", settings.componentDomain(), StreamError.fromElement(e));
                return; // it closes the stream next
            }
            if (state == State.HANDSHAKE) {
                if (!ComponentHandshake.isSuccess(e)) {
                    connection.close(StreamError.of(StreamError.Condition.NOT_AUTHORIZED, "expected <handshake/>"));
                    return;
                }
                ready();
            } else if (state == State.READY) {
                onStanza(e);
            }
        } else if (event instanceof StreamEvent.Failed f) {
            connection.close(f.error());
        } else {
            connection.close(null); // the main server closed its stream
        }
    }

    private void ready() {
        state = State.READY;
        timers.cancel(HandshakeTimeout.INSTANCE);
        backoff = settings.reconnectMin();
        counters.componentConnections.increment();
        counters.componentConnected.set(1);
        log.info("component {}: connected to {}:{}", settings.componentDomain(), settings.componentHost(), settings.componentPort());
        for (Federation.Out o; (o = waiting.poll()) != null; ) write(o);
    }

    /** A stanza the main server routed to us: for the component's domain, and from someone (XEP-0114 §3). */
    private void onStanza(Element e) {
        Element stanza = e.renamespaced(Namespaces.JABBER_COMPONENT_ACCEPT, Namespaces.JABBER_CLIENT);
        if (!stanza.name().equals("message") && !stanza.name().equals("presence") && !stanza.name().equals("iq")) return;
        Jid to = Jid.parseOrNull(stanza.attribute("to"));
        Jid from = Jid.parseOrNull(stanza.attribute("from"));
        if (to == null || from == null || !to.domain().value().equals(settings.componentDomain())) {
            log.debug("component {}: a stanza without a valid from and to for this domain: dropped", settings.componentDomain());
            return;
        }
        federation.tell(new Federation.Received(stanza));
    }

    private Behavior<Federation.LinkCommand> onOut(Federation.Out out) {
        if (state == State.READY) {
            write(out);
        } else if (waiting.size() < settings.maxQueued()) {
            waiting.add(out);
        } else {
            federation.tell(new Federation.Bounce(List.of(out), StanzaError.Condition.RESOURCE_CONSTRAINT, "too many stanzas wait for the main server"));
        }
        return this;
    }

    private void write(Federation.Out out) {
        if (!slow.mayWrite(connection, () -> timers.startSingleTimer(SlowCheck.INSTANCE, slow.grace()))) {
            federation.tell(new Federation.Bounce(List.of(out), StanzaError.Condition.REMOTE_SERVER_TIMEOUT, "the remote server does not read"));
            return;
        }
        if (out.element() != null) connection.send(out.element());
        else connection.send(out.prepared(), out.to());
    }

    /** A peer that has not read its backlog in slow-peer-grace: its stream is closed, and opens again when needed. */
    private Behavior<Federation.LinkCommand> onSlowCheck() {
        if (connection != null && slow.stillBehind(connection)) {
            log.warn("{}: the peer does not read; closing the stream", "component " + settings.componentDomain());
            counters.slowPeersClosed.increment();
            connection.close(StreamError.of(StreamError.Condition.POLICY_VIOLATION, "you do not read what is sent to you"));
        }
        return this;
    }

    private void down() {
        counters.componentConnected.set(0);
        state = State.DOWN;
        connection = null;
        timers.cancel(HandshakeTimeout.INSTANCE);
        timers.startSingleTimer(Reconnect.INSTANCE, backoff);
        Duration next = backoff.multipliedBy(2);
        backoff = next.compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : next;
    }
}
