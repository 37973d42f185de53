package dev.parley.server.session;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.routing.UserSessions;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What a client addresses to its own server: to its own account (no 'to', or its bare JID: RFC 6120 §10.3 and
 * §10.5.3), handled by the server on its behalf (presence broadcast, XEP-0049 private storage, XEP-0077
 * registration, the IQs {@link ServerIq} answers), and to the server's domain (§10.5.1, §10.5.2). Anything for the
 * account the server does not handle itself goes to the user's resources through the registry. It keeps nothing of its
 * own: the session makes one for each such stanza.
 */
final class ToServer {
    private final Session session;
    private final ServerSettings settings;
    private final Session.Deps deps;

    ToServer(Session session, ServerSettings settings, Session.Deps deps) {
        this.session = session;
        this.settings = settings;
        this.deps = deps;
    }

    Behavior<Inbox> toOwnAccount(Stanza s, Jid to) {
        if (s instanceof Iq iq) {
            if (!iq.type().isRequest()) return session;
            if (iq.payload().is("query", Xmpp.REGISTER)) return register(iq);
            if (iq.payload().is("query", PrivateStorage.NAMESPACE)) {
                return session.async(() -> PrivateStorage.handle(iq, session.anonymous() ? null : session.user(), deps.accounts().privateXml()),
                        reply -> session.send(reply.withFrom(session.jid().asBare()).withTo(session.jid()).element()));
            }
            session.send(ServerIq.toOwnAccount(iq).withFrom(session.jid().asBare()).withTo(session.jid()).element());
            return session;
        }
        if (s instanceof Presence p && to == null) {
            Presence.Type type = p.type();
            if (type == null) {
                session.bounce(s, StanzaError.Condition.BAD_REQUEST);
                return session;
            }
            if (type == Presence.Type.AVAILABLE || type == Presence.Type.UNAVAILABLE) session.broadcast(p);
            return session;
        }
        deps.users().tell(UserSessions.Route.of(s.element(), to == null ? session.jid().asBare() : to, session.ref()));
        return session;
    }

    Behavior<Inbox> toDomain(Stanza s, Jid to) {
        if (!(s instanceof Iq iq)) return session; // messages and presence to the server itself are ignored
        if (!iq.type().isRequest()) {
            return session; // e.g. the answer to our ping: any input already counted as a sign of life
        }
        if (to.resource() != null) {
            session.bounce(s, StanzaError.Condition.SERVICE_UNAVAILABLE);
            return session;
        }
        Iq reply = ServerIq.toDomain(iq, settings);
        if (reply == null) return register(iq);
        session.send(reply.withFrom(BareJid.domain(settings.domain())).withTo(session.jid()).element());
        return session;
    }

    private Behavior<Inbox> register(Iq iq) {
        if (!settings.registrationEnabled() || session.anonymous()) {
            session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE)).withTo(session.jid()).element());
            return session;
        }
        String me = session.user();
        return session.async(() -> InBandRegistration.handle(iq, me, deps.accounts()), o -> {
            session.send(o.reply().withTo(session.jid()).element());
            if (o.closeStream()) session.connection().close(StreamError.of(Condition.NOT_AUTHORIZED, "account removed")); // XEP-0077 §3.2
        });
    }
}
