package dev.parley.server.account;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;

/**
 * What is stored for one SCRAM hash (RFC 5802 §3): salt, iteration count, StoredKey and ServerKey. The
 * password itself is never stored; PLAIN is checked by deriving StoredKey again.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public static ScramCredentials derive(ScramMechanism mechanism, String password, byte[] salt, int iterations) {
        byte[] salted = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION, password.toCharArray(), salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(mechanism, salted);
        return new ScramCredentials(salt, iterations, ScramFunctions.storedKey(mechanism, clientKey), ScramFunctions.serverKey(mechanism, salted));
    }

    /** True when {@code password} derives the same StoredKey (constant-time comparison). */
    public boolean matches(ScramMechanism mechanism, String password) {
        try {
            return java.security.MessageDigest.isEqual(derive(mechanism, password, salt, iterations).storedKey, storedKey);
        } catch (IllegalArgumentException e) {
            return false; // SASLprep refused the password: it cannot be anyone's
        }
    }
}
