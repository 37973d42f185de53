package dev.parley.server.federation;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.s2s.Dialback;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.net.ConnectionEvent;
import dev.parley.server.net.TcpConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream another server opened to this node (RFC 6120 §4, the receiving entity). Its header must name one of
 * our domains ({@code host-unknown}, §4.9.3.6); STARTTLS comes first when {@code parley.s2s.require-tls} is on
 * (anything else before it: {@code policy-violation}); then the peer authenticates each domain it sends from:
 * SASL EXTERNAL when its certificate is valid for that domain (XEP-0178, RFC 6120 §13.7.2), otherwise dialback
 * (XEP-0220 §2.1.1: its key, checked with its Authoritative Server over our stream to it). Stanzas are taken only
 * from domains authenticated on this stream ({@code invalid-from}, §4.9.3.9) for a domain of ours
 * ({@code host-unknown}), each with a 'from' and a 'to' ({@code improper-addressing}, §4.9.3.7). On any stream,
 * authenticated or not, this node answers as Authoritative Server the peer's questions about keys we sent
 * (db:verify, §2.2.2). A stream silent for {@code parley.s2s.idle-timeout} is closed.
 */
public final class IncomingStream extends AbstractBehavior<IncomingStream.Command> {
    private static final Logger log = LoggerFactory.getLogger(IncomingStream.class);

    public interface Command {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The Authoritative Server's answer about a key the peer gave on this stream. */
    record Verified(String domain, String streamId, boolean valid) implements Command, NoSerializationVerificationNeeded {}

    private record Net(ConnectionEvent event) implements Command, NoSerializationVerificationNeeded {}

    private enum IdleCheck implements Command, NoSerializationVerificationNeeded { INSTANCE }

    public record Deps(ServerSettings settings, FederationSettings federation, ActorRef<Inbox> federationActor, PeerCertificates certificates,
            FederationCounters counters) {}

    public static Behavior<Command> create(TcpConnection connection, Deps deps) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new IncomingStream(ctx, connection, deps, timers)));
    }

    private final TcpConnection connection;
    private final Deps deps;
    private final ServerSettings settings;
    private final Set<String> authenticated = new HashSet<>(2);
    /** Domains whose dialback key is being checked, and which of ours each asked for. */
    private final java.util.Map<String, String> pending = new java.util.HashMap<>(2);
    private String streamId;
    private String ourDomain;
    private String peerDomain;
    private boolean sasl;
    private long lastInbound = System.nanoTime();

    private IncomingStream(ActorContext<Command> context, TcpConnection connection, Deps deps, TimerScheduler<Command> timers) {
        super(context);
        this.connection = connection;
        this.deps = deps;
        this.settings = deps.settings();
        connection.attach(context.messageAdapter(ConnectionEvent.class, Net::new));
        Duration idle = deps.federation().idleTimeout();
        Duration every = idle.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(30) : idle.dividedBy(2);
        Duration unauthenticated = deps.federation().connectTimeout().dividedBy(2);
        timers.startTimerWithFixedDelay(IdleCheck.INSTANCE, every.compareTo(unauthenticated) < 0 ? every : unauthenticated);
        connection.requestRead();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Net.class, m -> onNet(m.event()))
                .onMessage(Verified.class, this::onVerified)
                .onMessageEquals(IdleCheck.INSTANCE, this::onIdleCheck)
                .build();
    }

    /**
     * A stream that carried nothing for idle-timeout is closed (it opens again when needed); one that has authenticated
     * no domain yet gets connect-timeout, the time a remote server has to connect and authenticate, instead: a peer
     * (or anyone) that opens a connection and never authenticates on it does not hold it for ten minutes. A stream
     * used only for dialback verifications (this node as Authoritative Server) stays while it carries them.
     * RFC 6120 §4.9.3.4 connection-timeout.
     */
    private Behavior<Command> onIdleCheck() {
        long quiet = System.nanoTime() - lastInbound;
        if (authenticated.isEmpty() && quiet > deps.federation().connectTimeout().toNanos()) {
            return fail(StreamError.of(Condition.CONNECTION_TIMEOUT, "not authenticated in time"));
        }
        if (quiet > deps.federation().idleTimeout().toNanos()) connection.close(StreamError.of(Condition.CONNECTION_TIMEOUT, "idle"));
        return this;
    }

    private Behavior<Command> onNet(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.Closed) return Behaviors.stopped();
        if (e instanceof ConnectionEvent.ReadComplete) {
            connection.requestRead();
            return this;
        }
        lastInbound = System.nanoTime();
        StreamEvent event = ((ConnectionEvent.Inbound) e).event();
        if (event instanceof StreamEvent.Opened o) return onOpened(o.header());
        if (event instanceof StreamEvent.Failed f) return fail(f.error());
        if (event instanceof StreamEvent.ElementReceived r) return onElement(r.element());
        connection.close(null);
        return this;
    }

    private boolean ours(String domain) {
        return domain != null && (domain.equalsIgnoreCase(settings.domain()) || domain.equalsIgnoreCase(settings.mucService()));
    }

    private Behavior<Command> onOpened(StreamHeader header) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        streamId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String to = header.to();
        StreamHeader reply = new StreamHeader(header.from(), ours(to) ? to.toLowerCase(java.util.Locale.ROOT) : settings.domain(), streamId, "1.0",
                null, Namespaces.JABBER_SERVER);
        if (!ours(to)) { // §4.9.3.6
            connection.openStream(reply, StreamError.of(Condition.HOST_UNKNOWN, "this server does not serve " + to).toElement());
            connection.close(null);
            return this;
        }
        ourDomain = to.toLowerCase(java.util.Locale.ROOT);
        if (header.from() != null) peerDomain = header.from().toLowerCase(java.util.Locale.ROOT);
        connection.openStream(reply, features());
        return this;
    }

    private Element features() {
        Element.Builder f = Element.builder("features", StreamHeader.STREAMS_NAMESPACE);
        if (!connection.isSecure()) {
            Element.Builder tls = Element.builder("starttls", OutgoingStream.TLS);
            if (deps.federation().requireTls()) tls.add(Element.of("required", OutgoingStream.TLS));
            f.add(tls.build());
            if (deps.federation().requireTls()) return f.build();
        }
        if (!sasl && connection.isSecure() && peerDomain != null && deps.certificates().validFor(connection.peerCertificates(), peerDomain)) {
            f.add(Element.builder("mechanisms", OutgoingStream.SASL).add(Element.builder("mechanism", OutgoingStream.SASL).text("EXTERNAL").build()).build());
        }
        if (!sasl) f.add(Dialback.feature());
        return f.build();
    }

    private Behavior<Command> onElement(Element e) {
        if (e.is("error", StreamHeader.STREAMS_NAMESPACE)) { // the peer's stream error: it closes; so do we, without one
            log.debug("s2s <- {}: stream error {}", peerDomain, StreamError.fromElement(e));
            connection.close(null);
            return this;
        }
        if (e.is("starttls", OutgoingStream.TLS)) {
            if (connection.isSecure()) return fail(StreamError.of(Condition.POLICY_VIOLATION, "TLS is on already"));
            connection.startTls(Element.of("proceed", OutgoingStream.TLS));
            return this;
        }
        if (!connection.isSecure() && deps.federation().requireTls()) {
            return fail(StreamError.of(Condition.POLICY_VIOLATION, "STARTTLS is required first")); // RFC 6120 §5.3.1
        }
        if (e.is("auth", OutgoingStream.SASL)) return onAuth(e);
        if (e.namespace().equals(Dialback.NAMESPACE)) return onDialback(Dialback.from(e));
        if (e.namespace().equals(Namespaces.JABBER_SERVER) && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"))) {
            return onStanza(e);
        }
        if (authenticated.isEmpty()) return fail(StreamError.of(Condition.NOT_AUTHORIZED, "authenticate first"));
        return fail(StreamError.of(Condition.UNSUPPORTED_STANZA_TYPE, e.name()));
    }

    /** XEP-0178 §3: the authorization identity is the peer's domain (or empty: the header's 'from'). */
    private Behavior<Command> onAuth(Element auth) {
        if (sasl || !"EXTERNAL".equals(auth.attribute("mechanism"))) return saslFailure("invalid-mechanism");
        String text = auth.text().trim();
        String domain = peerDomain;
        if (!text.isEmpty() && !text.equals("=")) {
            try {
                domain = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException bad) {
                return saslFailure("incorrect-encoding");
            }
        }
        if (domain == null || (peerDomain != null && !domain.equals(peerDomain))) return saslFailure("invalid-authzid");
        if (!deps.certificates().validFor(connection.peerCertificates(), domain)) return saslFailure("not-authorized");
        sasl = true;
        authenticated.add(domain);
        peerDomain = domain;
        connection.send(Element.of("success", OutgoingStream.SASL));
        connection.restartStream();
        deps.counters().incomingExternal.increment();
        log.debug("s2s {} <- {}: authenticated by SASL EXTERNAL", ourDomain, domain);
        return this;
    }

    private Behavior<Command> saslFailure(String condition) {
        connection.send(Element.builder("failure", OutgoingStream.SASL).add(Element.of(condition, OutgoingStream.SASL)).build());
        return this;
    }

    private Behavior<Command> onDialback(Dialback d) {
        if (d == null || !d.isRequest()) return fail(StreamError.of(Condition.INVALID_XML, "a dialback element we cannot read"));
        if (d.verify()) {
            // §2.2.2, as Authoritative Server: was this our key for the stream we opened to the asker?
            boolean valid = ours(d.to()) && Dialback.verifies(d.key(), deps.federation().dialbackSecret(), d.from(), d.to(), d.id());
            connection.send(Dialback.answer(d, valid).toElement());
            return this;
        }
        // §2.1.1 / §2.4: the Initiating Server's key for one of its domains
        Jid from = Jid.parseOrNull(d.from());
        if (from == null || from.local() != null || from.resource() != null) {
            connection.send(Dialback.error(d, dev.parley.protocol.stanza.StanzaError.Condition.BAD_REQUEST).toElement());
            return this;
        }
        if (!ours(d.to())) {
            connection.send(Dialback.error(d, dev.parley.protocol.stanza.StanzaError.Condition.ITEM_NOT_FOUND).toElement());
            return this;
        }
        String domain = from.domain().value();
        if (authenticated.contains(domain)) {
            connection.send(Dialback.answer(d, true).toElement());
            return this;
        }
        pending.put(domain, d.to().toLowerCase(java.util.Locale.ROOT));
        deps.federationActor().tell(new Federation.Verify(d.to().toLowerCase(java.util.Locale.ROOT), domain,
                new OutgoingStream.Verify(streamId, d.key(), getContext().getSelf())));
        return this;
    }

    private Behavior<Command> onVerified(Verified v) {
        if (!v.streamId().equals(streamId)) return this;
        String to = pending.remove(v.domain());
        if (to == null) return this;
        Dialback request = Dialback.request(false, v.domain(), to, null, null);
        connection.send(Dialback.answer(request, v.valid()).toElement());
        if (!v.valid()) {
            // §2.4.1 (without error handling the peer understands): an invalid key ends the stream
            return fail(StreamError.of(Condition.NOT_AUTHORIZED, "the dialback key for " + v.domain() + " is not valid"));
        }
        authenticated.add(v.domain());
        deps.counters().incomingDialback.increment();
        log.debug("s2s {} <- {}: authenticated by dialback", to, v.domain());
        return this;
    }

    private Behavior<Command> onStanza(Element e) {
        if (authenticated.isEmpty()) return fail(StreamError.of(Condition.NOT_AUTHORIZED, "authenticate first"));
        Jid from = Jid.parseOrNull(e.attribute("from"));
        Jid to = Jid.parseOrNull(e.attribute("to"));
        if (from == null || to == null) {
            return fail(StreamError.of(Condition.IMPROPER_ADDRESSING, "a stanza between servers needs a valid 'from' and 'to'")); // §4.9.3.7
        }
        if (!authenticated.contains(from.domain().value())) {
            return fail(StreamError.of(Condition.INVALID_FROM, from.domain() + " is not authenticated on this stream")); // §4.9.3.9
        }
        if (!ours(to.domain().value())) {
            return fail(StreamError.of(Condition.HOST_UNKNOWN, "this server does not serve " + to.domain())); // §4.9.3.6
        }
        deps.federationActor().tell(new Federation.Received(e.renamespaced(Namespaces.JABBER_SERVER, Namespaces.JABBER_CLIENT)));
        return this;
    }

    private Behavior<Command> fail(StreamError error) {
        log.debug("s2s <- {}: closing with {}", peerDomain, error.condition().elementName());
        if (streamId == null) { // RFC 6120 §4.9.1.2: our header first, even for an error before theirs was read
            connection.openStream(new StreamHeader(null, settings.domain(), null, "1.0", null, Namespaces.JABBER_SERVER), error.toElement());
            connection.close(null);
            return this;
        }
        connection.close(error);
        return this;
    }
}
