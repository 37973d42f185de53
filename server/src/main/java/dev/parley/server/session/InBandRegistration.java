package dev.parley.server.session;

import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.account.AccountStore;

/**
 * XEP-0077 In-Band Registration: creating an account before authenticating (§3.1), changing the password
 * (§3.3) and removing the account (§3.2) after. {@link #handle} blocks on the account store: run it on
 * the blocking dispatcher.
 */
final class InBandRegistration {
    /** What to do with the reply: send it, and for a removal close the stream afterwards (§3.2). */
    record Outcome(Iq reply, boolean closeStream) {}

    /** The refusal of a registration over parley.registration.per-address: ejabberd's words (mod_register). */
    static final String TOO_QUICKLY = "Users are not allowed to register accounts so quickly";

    private InBandRegistration() {}

    /**
     * @param user the authenticated username, or null before authentication
     */
    static Outcome handle(Iq iq, String user, AccountStore accounts) {
        Element q = iq.payload();
        if (iq.type() == Iq.Type.GET) {
            Element.Builder b = Element.builder("query", Xmpp.REGISTER)
                    .textChild("instructions", "Choose a username and password for use with this service.");
            if (user != null) {
                b.add(Element.of("registered", Xmpp.REGISTER)).textChild("username", user);
            } else {
                b.add(Element.of("username", Xmpp.REGISTER));
            }
            b.add(Element.of("password", Xmpp.REGISTER));
            return new Outcome(iq.result(b.build()), false);
        }
        if (q.child("remove", Xmpp.REGISTER) != null) {
            if (user == null) return error(iq, StanzaError.Condition.NOT_AUTHORIZED, "authenticate first"); // §3.2 example 15
            accounts.delete(user);
            return new Outcome(iq.result(null), true);
        }
        String username = q.childText("username", Xmpp.REGISTER);
        String password = q.childText("password", Xmpp.REGISTER);
        if (username == null || password == null || password.isEmpty()) {
            return error(iq, StanzaError.Condition.NOT_ACCEPTABLE, "username and password are required"); // §3.1
        }
        String normalized;
        try {
            normalized = AccountStore.normalize(username);
        } catch (JidFormatException e) {
            return error(iq, StanzaError.Condition.JID_MALFORMED, "not a valid username");
        }
        if (user != null) {
            // §3.3: a password change, for the authenticated account only
            if (!normalized.equals(user)) return error(iq, StanzaError.Condition.NOT_AUTHORIZED, "you can only change your own password");
            try {
                accounts.changePassword(user, password);
            } catch (IllegalArgumentException e) {
                return error(iq, StanzaError.Condition.NOT_ACCEPTABLE, "password not allowed");
            }
            return new Outcome(iq.result(null), false);
        }
        try {
            if (!accounts.create(normalized, password)) return error(iq, StanzaError.Condition.CONFLICT, "username taken"); // §3.1
        } catch (IllegalArgumentException e) {
            return error(iq, StanzaError.Condition.NOT_ACCEPTABLE, "password not allowed");
        }
        return new Outcome(iq.result(null), false);
    }

    private static Outcome error(Iq iq, StanzaError.Condition condition, String text) {
        return new Outcome(iq.errorReply(StanzaError.of(condition, text)), false);
    }
}
