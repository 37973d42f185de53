package dev.parley.server.session.sasl;

import com.ongres.scram.common.ScramMechanism;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.server.account.AccountStore;
import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked against the stored SCRAM-SHA-256
 * credentials. Offered only over TLS (RFC 6120 §13.8).
 */
public final class PlainMechanism implements SaslMechanism {
    private final AccountStore accounts;

    public PlainMechanism(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (initialResponse == null || initialResponse.length == 0) return new SaslStep.Challenge(new byte[0]);
        return respond(initialResponse);
    }

    @Override
    public SaslStep respond(byte[] response) {
        String message = new String(response, StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            return new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "expected [authzid] NUL authcid NUL passwd", false);
        }
        String authzid = message.substring(0, first);
        String authcid = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        String user;
        try {
            user = AccountStore.normalize(authcid);
        } catch (JidFormatException e) {
            return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null, true);
        }
        if (!authzid.isEmpty() && !Authzid.matches(authzid, user)) {
            return new SaslStep.Failure(SaslFailure.INVALID_AUTHZID, null, false);
        }
        boolean ok = accounts.credentials(user, ScramMechanism.SCRAM_SHA_256)
                .map(c -> c.matches(ScramMechanism.SCRAM_SHA_256, password))
                .orElse(false);
        return ok ? new SaslStep.Success(user, null) : new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null, true);
    }
}
