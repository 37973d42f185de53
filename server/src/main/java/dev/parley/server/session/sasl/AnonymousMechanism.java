package dev.parley.server.session.sasl;

import java.security.SecureRandom;

/**
 * SASL ANONYMOUS (RFC 4505): any trace string is accepted and the session gets a fresh random localpart
 * that no account has. Only offered when {@code parley.c2s.allow-anonymous} is on.
 */
public final class AnonymousMechanism implements SaslMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public SaslStep start(byte[] initialResponse) {
        return new SaslStep.Success("anon-" + Long.toUnsignedString(RANDOM.nextLong(), 36), null);
    }

    @Override
    public SaslStep respond(byte[] response) {
        return start(response);
    }
}
