package dev.parley.server.account;

import com.ongres.scram.common.ScramMechanism;
import java.util.Optional;

/** Where SCRAM reads stored credentials from: the account store, or a fixed set in tests. */
public interface CredentialLookup {
    /** The credentials of {@code username} (normalised) for this hash, or empty when there is no such account. */
    Optional<ScramCredentials> credentials(String username, ScramMechanism mechanism);

    /** The iteration count to claim for unknown users, so that they look like everyone else. */
    int iterations();
}
