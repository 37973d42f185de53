package dev.parley.server.federation;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.net.Dialer;
import dev.parley.server.room.MucService;
import dev.parley.server.room.Room;
import dev.parley.server.room.RoomDirectory;
import dev.parley.server.room.ServiceBans;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import io.netty.handler.ssl.SslContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: where this node meets other XMPP servers. Stanzas for other domains (from local sessions, rooms,
 * the user registry) leave through it, on this node's stream to that domain ({@link OutgoingStream}, one per
 * remote domain, shared by every sender on the node) or, when Parley runs as a component of a main server, on
 * the component's stream ({@link ComponentLink}). Stanzas that came from other servers, checked by the stream
 * that carried them, are routed here to rooms, the MUC service and local users exactly as a local session routes
 * its client's, with a {@link RemoteClient} standing for each remote sender: rooms treat it as that occupant's
 * session, and what they send it leaves through here.
 *
 * <p>What cannot leave (no stream can be set up, a queue is full) bounces to its sender with the error RFC 6120
 * §8.3.3 names for it, routed back like any stanza.
 */
public final class Federation extends AbstractBehavior<Inbox> {
    private static final Logger log = LoggerFactory.getLogger(Federation.class);

    /** Commands of the links (outgoing streams, the component connection). */
    public interface LinkCommand {}

    /** A stanza for another domain, 'from' and 'to' set (from a local session, a room, the registry). */
    public record Outgoing(Element stanza) implements Inbox, NoSerializationVerificationNeeded {}

    /** What a link received from a remote server, checked (its 'from' authenticated) and in jabber:client. */
    public record Received(Element stanza) implements Inbox, NoSerializationVerificationNeeded {}

    /** The node's rooms and directory: they are created after this actor (their {@link Users} sends here). */
    public record Start(ActorRef<ShardingEnvelope<Room.Command>> rooms, ActorRef<RoomDirectory.Command> directory)
            implements Inbox, NoSerializationVerificationNeeded {}

    /** One stanza on its way out: an element, or a copy of a fan-out serialised once for all its recipients. */
    public record Out(Element element, PreparedStanza prepared, String to) implements Inbox, LinkCommand, NoSerializationVerificationNeeded {
        public static Out of(Element stanza) {
            return new Out(stanza, null, stanza.attribute("to"));
        }

        public Element asElement() {
            return element != null ? element : prepared.element(to);
        }

        /** The domain it goes to. */
        public String domain() {
            Jid j = Jid.parseOrNull(to);
            return j == null ? "" : j.domain().value();
        }
    }

    /** These could not leave: each bounces to its sender (RFC 6120 §8.3.1). */
    public record Bounce(List<Out> stanzas, StanzaError.Condition condition, String text) implements Inbox, NoSerializationVerificationNeeded {}

    /** An incoming stream's question for the Authoritative Server of {@code remoteDomain}, asked on our stream to it. */
    public record Verify(String localDomain, String remoteDomain, OutgoingStream.Verify question) implements Inbox, NoSerializationVerificationNeeded {}

    /** A stream has been idle for {@code idle-timeout}: it stops once it is forgotten here (nothing more is sent to it). */
    record LinkIdle(String key, ActorRef<LinkCommand> link) implements Inbox, NoSerializationVerificationNeeded {}

    /** A remote user's stand-in has been idle, in no room, having seen {@code touches} of the stanzas routed for it. */
    record ClientIdle(String jid, ActorRef<Inbox> client, long touches) implements Inbox, NoSerializationVerificationNeeded {}

    /** A link stopped (it failed unexpectedly): the next stanza for its domain starts another. */
    record LinkStopped(String domain, ActorRef<LinkCommand> link) implements Inbox, NoSerializationVerificationNeeded {}

    /** A remote sender's stand-in stopped. */
    record ClientStopped(String jid, ActorRef<Inbox> client) implements Inbox, NoSerializationVerificationNeeded {}

    /** The dependencies that exist before the actor system (the event loops, TLS). */
    public record Deps(ServerSettings settings, FederationSettings federation, Users localUsers, ActorRef<NodeDelivery.Command> delivery,
            Supplier<Dialer> dialer, SslContext clientTls, PeerAddresses addresses, java.util.concurrent.Executor blocking,
            FederationCounters counters) {}

    public static Behavior<Inbox> create(Deps deps) {
        return Behaviors.withStash(10_000, stash -> Behaviors.setup(ctx -> waiting(ctx, deps, stash)));
    }

    private static Behavior<Inbox> waiting(ActorContext<Inbox> ctx, Deps deps, StashBuffer<Inbox> stash) {
        return Behaviors.receive(Inbox.class)
                .onMessage(Start.class, s -> stash.unstashAll(new Federation(ctx, deps, s)))
                .onAnyMessage(m -> {
                    if (!stash.isFull()) stash.stash(m);
                    return Behaviors.same();
                })
                .build();
    }

    private final Deps deps;
    private final ServerSettings settings;
    private final Start start;
    private final Map<String, ActorRef<LinkCommand>> streams = new HashMap<>();
    private final Map<String, Remote> clients = new HashMap<>();

    /** A remote sender's stand-in, and how many stanzas were routed with it after the first. */
    private static final class Remote {
        final Client client;
        long touches;

        Remote(Client client) {
            this.client = client;
        }
    }
    private ActorRef<LinkCommand> component;

    private Federation(ActorContext<Inbox> context, Deps deps, Start start) {
        super(context);
        this.deps = deps;
        this.settings = deps.settings();
        this.start = start;
        if (deps.federation().componentEnabled()) {
            component = context.spawn(ComponentLink.create(deps.federation(), context.getSelf(), deps.dialer(), deps.counters()), "component");
        }
    }

    @Override
    public Receive<Inbox> createReceive() {
        return newReceiveBuilder()
                .onMessage(Outgoing.class, m -> {
                    send(Out.of(m.stanza()));
                    return this;
                })
                .onMessage(Out.class, m -> {
                    send(m);
                    return this;
                })
                .onMessage(Verify.class, m -> {
                    if (deps.federation().s2sEnabled()) stream(m.localDomain(), m.remoteDomain()).tell(m.question());
                    else m.question().replyTo().tell(new IncomingStream.Verified(m.remoteDomain(), m.question().streamId(), false));
                    return this;
                })
                .onMessage(Received.class, m -> {
                    route(m.stanza());
                    return this;
                })
                .onMessage(Bounce.class, m -> {
                    for (Out o : m.stanzas()) bounce(o, m.condition(), m.text());
                    return this;
                })
                .onMessage(LinkIdle.class, m -> {
                    if (streams.remove(m.key(), m.link())) m.link().tell(OutgoingStream.Stop.INSTANCE);
                    return this;
                })
                .onMessage(ClientIdle.class, m -> {
                    Remote r = clients.get(m.jid());
                    // only when nothing was routed with it since it last looked: a room may be about to hold it
                    if (r != null && r.client.session().equals(m.client()) && r.touches == m.touches()) {
                        clients.remove(m.jid());
                        m.client().tell(RemoteClient.Stop.INSTANCE);
                    }
                    return this;
                })
                .onMessage(LinkStopped.class, m -> {
                    streams.remove(m.domain(), m.link());
                    return this;
                })
                .onMessage(ClientStopped.class, m -> {
                    Remote r = clients.get(m.jid());
                    if (r != null && r.client.session().equals(m.client())) clients.remove(m.jid());
                    return this;
                })
                .build();
    }

    // --- out ---------------------------------------------------------------------------------------------------

    private void send(Out out) {
        String domain = out.domain();
        if (domain.isEmpty()) return;
        if (domain.equals(settings.domain()) || domain.equals(settings.mucService())) {
            route(out.asElement()); // ours after all (a room inviting a room, a bounce)
            return;
        }
        if (component != null) {
            // the main server routes everything that is not ours (XEP-0114 §3), but only from the component's domain
            if (out.element() != null && !fromDomain(out).equals(settings.mucService())) {
                bounce(out, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "as a component, this server reaches other domains only from its rooms");
                return;
            }
            component.tell(out);
            return;
        }
        if (!deps.federation().s2sEnabled()) {
            bounce(out, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "this server does not federate (parley.s2s.port is 0)");
            return;
        }
        stream(fromDomain(out), domain).tell(out);
    }

    /** Which of our domains a stanza is from: a user's, or the rooms' (a copy of a fan-out always comes from a room). */
    private String fromDomain(Out out) {
        if (out.element() == null) return settings.mucService();
        Jid from = Jid.parseOrNull(out.element().attribute("from"));
        return from != null && from.domain().value().equals(settings.domain()) ? settings.domain() : settings.mucService();
    }

    /** The stream from our {@code local} domain to {@code remote} (RFC 6120: one authenticated pair each), opened if none is. */
    private ActorRef<LinkCommand> stream(String local, String remote) {
        String key = local + " " + remote;
        ActorRef<LinkCommand> stream = streams.get(key);
        if (stream == null) {
            stream = getContext().spawnAnonymous(OutgoingStream.create(new OutgoingStream.Deps(settings, deps.federation(), local, remote,
                    getContext().getSelf(), deps.dialer(), deps.clientTls(), deps.addresses(), deps.blocking(), deps.counters())));
            getContext().watchWith(stream, new LinkStopped(key, stream));
            streams.put(key, stream);
        }
        return stream;
    }

    /** RFC 6120 §8.3.1: the error goes back to the sender, from the entity it was for; never an error for an error. */
    private void bounce(Out out, StanzaError.Condition condition, String text) {
        Element e = out.asElement();
        if ("error".equals(e.attribute("type"))) return;
        Stanza s = Stanza.from(e);
        if (s == null || s.fromAttribute() == null) return;
        if (s instanceof Presence p && p.type() != Presence.Type.AVAILABLE && p.type() != Presence.Type.UNAVAILABLE) return;
        deps.counters().bounced.increment();
        route(s.errorReply(text == null ? StanzaError.of(condition) : StanzaError.of(condition, text), true).element());
    }

    // --- in ------------------------------------------------------------------------------------------------------

    /**
     * A stanza from another server (or a bounce of ours) for this node's domains: to the MUC service, a room, or a
     * local user, the sender's stand-in as the session that sent it.
     */
    private void route(Element stanza) {
        Jid to = Jid.parseOrNull(stanza.attribute("to"));
        Jid from = Jid.parseOrNull(stanza.attribute("from"));
        if (to == null || from == null) return;
        String domain = to.domain().value();
        if (domain.equals(settings.mucService())) {
            Client client = clientOf(from);
            if (to.local() == null) {
                Stanza s = Stanza.from(stanza);
                if (s instanceof Iq iq && iq.type() != null && iq.type().isRequest() && iq.isValidRequest()) {
                    if (from instanceof dev.parley.protocol.jid.FullJid user) {
                        MucService.handle(iq, user, settings, start.rooms(), start.directory(), client, ServiceBans.get(getContext().getSystem()));
                    } else {
                        client.tell(MucService.answer(iq, settings).withTo(from).element());
                    }
                }
                return;
            }
            if (stanza.name().equals("presence") && "unavailable".equals(stanza.attribute("type"))) {
                client.session().tell(new RemoteClient.Left(to.asBare().toString()));
            }
            start.rooms().tell(new ShardingEnvelope<>(to.asBare().toString(), new Room.Inbound(stanza, client, false,
                    from instanceof dev.parley.protocol.jid.FullJid user ? user : null)));
        } else if (domain.equals(settings.domain())) {
            deps.localUsers().tell(UserSessions.Route.of(stanza, to, clientOf(from).session()));
        } else {
            log.debug("a stanza from {} for {}, which is not served here: dropped", from, to);
        }
    }

    /** The stand-in of a remote sender: made on its first stanza, kept while it is in a room or sends. */
    private Client clientOf(Jid jid) {
        String key = jid.toString();
        Remote r = clients.get(key);
        if (r != null) {
            r.touches++;
            r.client.session().tell(RemoteClient.Touched.INSTANCE);
            return r.client;
        }
        long id = NodeDelivery.newSessionId();
        ActorRef<Inbox> ref = getContext().spawnAnonymous(RemoteClient.create(key, id, getContext().getSelf(), deps.delivery(),
                deps.federation().remoteUserIdle()));
        getContext().watchWith(ref, new ClientStopped(key, ref));
        Client c = new Client(ref, id, deps.delivery());
        clients.put(key, new Remote(c));
        return c;
    }
}
