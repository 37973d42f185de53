package dev.parley.server.routing;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.server.session.Session;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The node's table of bound resources and the router between local users (RFC 6121 §8.5, through
 * {@link LocalDelivery}). Sessions are reached only through their actor references, which are
 * serialisable, so the table can later be sharded by bare JID across a cluster without changing callers.
 */
public final class SessionRegistry extends AbstractBehavior<SessionRegistry.Command> {
    public sealed interface Command {}

    /** Binds {@code jid} to {@code session}; a conflicting resource is replaced (the old session is told) or refused. */
    public record Bind(FullJid jid, ActorRef<Session.Command> session, boolean replace, ActorRef<Session.Command> replyTo) implements Command {}

    public record Unbind(FullJid jid, ActorRef<Session.Command> session) implements Command {}

    /** The resource's presence changed: available (initial or updated presence) or not, and its priority. */
    public record Availability(FullJid jid, ActorRef<Session.Command> session, boolean available, int priority) implements Command {}

    /** Delivers a stanza (its 'from' already stamped) to a local user, or bounces the error to {@code sender}. */
    public record Route(Stanza stanza, Jid to, ActorRef<Session.Command> sender) implements Command {}

    /**
     * Presence broadcast to the user's own other available resources (RFC 6121 §4.2.2, §4.5.2), each copy
     * addressed to the resource's full JID.
     */
    public record BroadcastToOwnResources(FullJid from, dev.parley.protocol.xml.Element presence) implements Command {}

    /** Remembers a resumable stream-management session (XEP-0198) under its id. */
    public record RegisterResumable(String id, BareJid user, ActorRef<Session.Command> session) implements Command {}

    public record ForgetResumable(String id, ActorRef<Session.Command> session) implements Command {}

    public record FindResumable(String id, BareJid user, ActorRef<Session.Command> replyTo) implements Command {}

    private final Map<BareJid, Map<FullJid, Resource>> users = new HashMap<>();
    private final Map<String, ActorRef<Session.Command>> resumable = new HashMap<>();
    private final Map<String, BareJid> resumableOwner = new HashMap<>();

    public static Behavior<Command> create() {
        return Behaviors.setup(SessionRegistry::new);
    }

    private SessionRegistry(ActorContext<Command> context) {
        super(context);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Bind.class, this::onBind)
                .onMessage(Unbind.class, this::onUnbind)
                .onMessage(Availability.class, this::onAvailability)
                .onMessage(Route.class, this::onRoute)
                .onMessage(BroadcastToOwnResources.class, this::onBroadcast)
                .onMessage(RegisterResumable.class, m -> {
                    resumable.put(m.id(), m.session());
                    resumableOwner.put(m.id(), m.user());
                    return this;
                })
                .onMessage(ForgetResumable.class, m -> {
                    if (m.session().equals(resumable.get(m.id()))) {
                        resumable.remove(m.id());
                        resumableOwner.remove(m.id());
                    }
                    return this;
                })
                .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> onTerminated(t.getRef()))
                .onMessage(FindResumable.class, m -> {
                    ActorRef<Session.Command> s = m.user().equals(resumableOwner.get(m.id())) ? resumable.get(m.id()) : null;
                    m.replyTo().tell(new Session.ResumableFound(s));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onBind(Bind m) {
        Map<FullJid, Resource> resources = users.computeIfAbsent(m.jid().asBare(), k -> new LinkedHashMap<>());
        Resource existing = resources.get(m.jid());
        if (existing != null && !existing.session().equals(m.session())) {
            if (!m.replace()) {
                m.replyTo().tell(new Session.BindResult(m.jid(), false));
                return this;
            }
            // RFC 6120 §7.7.2.2: the old session is terminated with a <conflict/> stream error
            existing.session().tell(Session.Replaced.INSTANCE);
        }
        resources.put(m.jid(), new Resource(m.jid(), m.session(), false, 0));
        getContext().watch(m.session()); // a session that stops without unbinding (a crash) is removed too
        m.replyTo().tell(new Session.BindResult(m.jid(), true));
        return this;
    }

    private Behavior<Command> onTerminated(ActorRef<Void> session) {
        users.values().forEach(rs -> rs.values().removeIf(r -> r.session().equals(session)));
        users.values().removeIf(Map::isEmpty);
        resumable.entrySet().removeIf(e -> {
            boolean gone = e.getValue().equals(session);
            if (gone) resumableOwner.remove(e.getKey());
            return gone;
        });
        return this;
    }

    private Behavior<Command> onUnbind(Unbind m) {
        Map<FullJid, Resource> resources = users.get(m.jid().asBare());
        if (resources != null) {
            Resource r = resources.get(m.jid());
            if (r != null && r.session().equals(m.session())) resources.remove(m.jid());
            if (resources.isEmpty()) users.remove(m.jid().asBare());
        }
        return this;
    }

    private Behavior<Command> onAvailability(Availability m) {
        Map<FullJid, Resource> resources = users.get(m.jid().asBare());
        Resource r = resources == null ? null : resources.get(m.jid());
        if (r != null && r.session().equals(m.session())) resources.put(m.jid(), r.withPresence(m.available(), m.priority()));
        return this;
    }

    private Behavior<Command> onBroadcast(BroadcastToOwnResources m) {
        for (Resource r : users.getOrDefault(m.from().asBare(), Map.of()).values()) {
            if (r.jid().equals(m.from()) || !r.available()) continue;
            r.session().tell(new Session.Deliver(m.presence().withAttribute("from", m.from().toString()).withAttribute("to", r.jid().toString())));
        }
        return this;
    }

    private Behavior<Command> onRoute(Route m) {
        Collection<Resource> resources = users.getOrDefault(m.to().asBare(), Map.of()).values();
        LocalDelivery.Decision d = LocalDelivery.decide(m.stanza(), m.to(), resources);
        for (Resource r : d.recipients()) r.session().tell(new Session.Deliver(m.stanza().element()));
        if (d.error() != null) bounce(m, d.error());
        if (d.answerOnBehalf()) m.sender().tell(new Session.AnswerOnBehalf(m.stanza()));
        return this;
    }

    private void bounce(Route m, dev.parley.protocol.stanza.StanzaError error) {
        if ("error".equals(m.stanza().typeAttribute())) return; // never answer an error with an error (RFC 6120 §8.3.1)
        m.sender().tell(new Session.Deliver(m.stanza().errorReply(error, true).element()));
    }
}
