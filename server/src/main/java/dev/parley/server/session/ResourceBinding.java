package dev.parley.server.session;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.Domainpart;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.jid.Localpart;
import dev.parley.protocol.jid.Resourcepart;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.routing.UserSessions;
import dev.parley.server.routing.Users;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Resource binding (RFC 6120 §7) and what keeps it: the client's bind request, sent to the registry until it is
 * answered (a bind may be lost with a node), and the registry's entry that holds the resource, watched, so that the
 * session binds again when that entry stops (its shard moved, its node was lost). Binding again is the session's
 * ({@code Session.reannounce}): it carries the session's presence and resumable stream.
 */
final class ResourceBinding {
    private final Session session;
    private final ActorContext<Inbox> context;
    private final TimerScheduler<Inbox> timers;
    private final ServerSettings settings;
    private final Users users;
    /** The client's bind request until the registry answers it, and the full JID asked for. */
    private Iq pending;
    private String pendingJid;
    /** The user's entry that holds this session's resource, once bound; null while it is bound again. */
    private ActorRef<UserSessions.Command> entry;

    ResourceBinding(Session session, ActorContext<Inbox> context, TimerScheduler<Inbox> timers, ServerSettings settings, Users users) {
        this.session = session;
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.users = users;
    }

    /** An element after authentication, before a resource is bound: a bind request, or nothing (§7.1). */
    Behavior<Inbox> onElement(Element e) {
        if (!e.is(Iq.ELEMENT, Namespaces.JABBER_CLIENT)) return session.fail(StreamError.of(Condition.NOT_AUTHORIZED, "bind a resource first"));
        Iq iq = Iq.of(e);
        Element bind = iq.payload();
        if (iq.type() == Iq.Type.SET && bind != null && bind.is("bind", Xmpp.BIND) && iq.isValidRequest()) return onBind(iq, bind);
        if (iq.type() != null && iq.type().isRequest()) {
            session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.NOT_AUTHORIZED, "bind a resource first")).element());
        }
        return session;
    }

    private Behavior<Inbox> onBind(Iq iq, Element bind) {
        String requested = bind.childText("resource", Xmpp.BIND);
        Resourcepart resource;
        try {
            resource = requested == null || requested.isBlank() ? Resourcepart.of(Xmpp.newId()) : Resourcepart.of(requested);
        } catch (JidFormatException ex) {
            session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "invalid resource")).element()); // §7.7.2.1
            return session;
        }
        FullJid full = BareJid.of(Localpart.of(session.user()), Domainpart.of(settings.domain())).withResource(resource);
        pending = iq;
        pendingJid = full.toString();
        session.hold();
        return send();
    }

    /** The first bind, until the registry answers it: see {@link UserSessions.Bind}. */
    private Behavior<Inbox> send() {
        users.tell(UserSessions.Bind.first(pendingJid, context.getSelf(), settings.replaceOnResourceConflict()));
        timers.startSingleTimer(Session.BindUnanswered.INSTANCE, Session.BIND_RETRY);
        return session;
    }

    Behavior<Inbox> onResult(UserSessions.BindResult r) {
        if (pending == null) return session; // the answer to a bind sent again, after the first was answered
        timers.cancel(Session.BindUnanswered.INSTANCE);
        Iq iq = pending;
        pending = null;
        if (r.ok()) {
            FullJid jid = (FullJid) Jid.of(r.jid());
            session.bound(jid);
            follow(r.entry());
            session.send(iq.result(Element.builder("bind", Xmpp.BIND).add(Element.builder("jid", Xmpp.BIND).text(jid.toString()).build()).build()).element());
        } else {
            // §7.7.2.2: the policy is to refuse the new bind
            session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.CONFLICT, "resource in use")).element());
        }
        return session.resume();
    }

    /** The registry has not answered a bind in time: the first is sent again, or the session binds again. */
    Behavior<Inbox> onUnanswered() {
        context.getLog().debug("{}: bind unanswered after {}, sent again", pending != null ? pendingJid : session.jid(), Session.BIND_RETRY);
        if (pending != null) return send();
        return entry == null ? session.reannounce() : session;
    }

    /** The registry's answer to binding again: the session follows the new entry, or ends if another session has the resource. */
    Behavior<Inbox> onRebindResult(UserSessions.RebindResult r) {
        if (entry == null) timers.cancel(Session.BindUnanswered.INSTANCE);
        if (r.ok()) {
            follow(r.entry());
            return session;
        }
        // §7.7.2.2: another session holds the resource now
        session.connection().close(StreamError.of(Condition.CONFLICT, "replaced by a new session for this resource"));
        return session.end(false);
    }

    /** Whether {@code gone} is the entry this session follows: it then follows none until it has bound again. */
    boolean lost(ActorRef<UserSessions.Command> gone) {
        if (!gone.equals(entry)) return false; // one this session no longer follows
        entry = null;
        return true;
    }

    private void follow(ActorRef<UserSessions.Command> holder) {
        if (holder.equals(entry)) return;
        if (entry != null) context.unwatch(entry);
        entry = holder;
        context.watchWith(holder, new Session.EntryGone(holder));
    }
}
