package dev.parley.server.session.sasl;

import dev.parley.protocol.jid.Jid;

/**
 * The authorization identity rule (RFC 6120 §6.3.8): a client may only ask to act as itself, given as its
 * bare JID or localpart. Anything else is invalid-authzid; we do not support proxy authorization.
 */
final class Authzid {
    private Authzid() {}

    static boolean matches(String authzid, String username) {
        Jid j = Jid.parseOrNull(authzid);
        if (j == null) return false;
        if (j.local() == null) return j.resource() == null && j.domain().value().equals(username); // a bare username
        return j.local().value().equals(username) && j.resource() == null;
    }
}
