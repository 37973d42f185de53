package dev.parley.server.session;

import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.server.ServerSettings;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.net.Connection;
import dev.parley.server.session.sasl.Mechanisms;
import dev.parley.server.session.sasl.SaslCodec;
import dev.parley.server.session.sasl.SaslFailure;
import dev.parley.server.session.sasl.SaslMechanism;
import dev.parley.server.session.sasl.SaslStep;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A stream before authentication: STARTTLS (RFC 6120 §5), SASL (§6) with its growing delay after a wrong
 * password, and in-band registration (XEP-0077) where the service allows it. Anything else is refused: an IQ
 * request with not-authorized, any other element with the not-authorized stream error. The session hands its
 * elements here until the client is authenticated, then lets this go; the session sends, fails and waits
 * for its blocking work.
 */
final class Negotiation {
    private final ServerSettings settings;
    private final Session.Deps deps;
    private final Session session;
    /** The SASL exchange under way, or null. */
    private SaslMechanism mechanism;
    private boolean anonymous;
    private int failedAttempts;

    Negotiation(Session session, ServerSettings settings, Session.Deps deps) {
        this.session = session;
        this.settings = settings;
        this.deps = deps;
    }

    /** One element from the client before it is authenticated; returns the session's next behaviour. */
    Behavior<Inbox> onElement(Element e) {
        Connection connection = session.connection();
        if (e.is("starttls", Xmpp.TLS)) {
            if (!connection.canStartTls()) return session.fail(StreamError.of(Condition.POLICY_VIOLATION, "TLS is already in place"));
            session.tlsStarting();
            connection.startTls(Element.of("proceed", Xmpp.TLS));
            return session;
        }
        if (settings.requireTls() && !connection.isSecure() && !session.plaintextAllowed()) {
            if (e.is("auth", Xmpp.SASL)) return failure(SaslFailure.ENCRYPTION_REQUIRED, "STARTTLS first", false);
            return session.fail(StreamError.of(Condition.POLICY_VIOLATION, "STARTTLS is required"));
        }
        if (e.is("auth", Xmpp.SASL)) return onAuth(e);
        if (e.is("response", Xmpp.SASL)) {
            if (mechanism == null) return failure(SaslFailure.MALFORMED_REQUEST, "no authentication in progress", false);
            byte[] data = SaslCodec.decode(e.text(), false);
            if (data == null) return failure(SaslFailure.INCORRECT_ENCODING, null, false);
            SaslMechanism m = mechanism;
            return session.async(() -> m.respond(data), this::onStep);
        }
        if (e.is("abort", Xmpp.SASL)) {
            mechanism = null;
            return failure(SaslFailure.ABORTED, null, false);
        }
        if (e.is(Iq.ELEMENT, Namespaces.JABBER_CLIENT)) {
            Iq iq = Iq.of(e);
            Element q = iq.payload();
            if (settings.registrationEnabled() && q != null && q.is("query", Xmpp.REGISTER) && iq.isValidRequest()) {
                if (iq.type() == Iq.Type.SET && !deps.registrations().tryAcquire(connection.peerAddress(), System.nanoTime())) {
                    // parley.registration.per-address; ejabberd's condition and text, which its users know
                    session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, InBandRegistration.TOO_QUICKLY)).element());
                    return session;
                }
                return session.async(() -> InBandRegistration.handle(iq, null, deps.accounts()), o -> session.send(o.reply().element()));
            }
            if (iq.type() != null && iq.type().isRequest()) {
                session.send(iq.errorReply(StanzaError.of(StanzaError.Condition.NOT_AUTHORIZED, "authenticate first")).element());
                return session;
            }
        }
        return session.fail(StreamError.of(Condition.NOT_AUTHORIZED, "authenticate first"));
    }

    private Behavior<Inbox> onAuth(Element auth) {
        boolean secure = session.connection().isSecure();
        String name = auth.attribute("mechanism");
        if (name == null || !Mechanisms.offered(settings, secure).contains(name)) return failure(SaslFailure.INVALID_MECHANISM, null, false);
        String text = auth.text().trim();
        byte[] initial = text.isEmpty() ? null : SaslCodec.decode(text, true);
        if (!text.isEmpty() && initial == null) return failure(SaslFailure.INCORRECT_ENCODING, null, false);
        SaslMechanism m = Mechanisms.start(name, deps.accounts());
        if (m == null) return failure(SaslFailure.INVALID_MECHANISM, null, false);
        mechanism = m;
        anonymous = name.equals("ANONYMOUS");
        return session.async(() -> m.start(initial), this::onStep);
    }

    private void onStep(SaslStep step) {
        if (step instanceof SaslStep.Challenge c) {
            session.send(Element.builder("challenge", Xmpp.SASL).text(SaslCodec.encode(c.data())).build());
        } else if (step instanceof SaslStep.Success s) {
            mechanism = null;
            Element.Builder success = Element.builder("success", Xmpp.SASL);
            if (s.additionalData() != null) success.text(SaslCodec.encode(s.additionalData()));
            session.authenticated(s.username(), anonymous);
            session.send(success.build());
            session.connection().restartStream();
        } else if (step instanceof SaslStep.Failure f) {
            mechanism = null;
            failure(f.condition(), f.text(), f.countsAsAttempt());
        }
    }

    /**
     * Sends a SASL failure. A wrong password is answered after a delay that grows with each attempt, and
     * after max-auth-attempts the stream ends with policy-violation (RFC 6120 §6.4.5).
     */
    private Behavior<Inbox> failure(SaslFailure condition, String text, boolean attempt) {
        Element failure = Element.builder("failure", Xmpp.SASL).add(Element.of(condition.elementName(), Xmpp.SASL))
                .textChild("text", text).build();
        if (!attempt) {
            session.send(failure);
            return session;
        }
        failedAttempts++;
        boolean last = failedAttempts >= settings.maxAuthAttempts();
        session.later(settings.authFailureDelay().multipliedBy(failedAttempts), () -> {
            session.send(failure);
            if (last) session.connection().close(StreamError.of(Condition.POLICY_VIOLATION, "too many failed authentication attempts"));
        });
        return session;
    }
}
