package dev.parley.server.session.sasl;

/** What a server mechanism answers to one client message. */
public sealed interface SaslStep {
    /** Send {@code <challenge/>} with these bytes and wait for a {@code <response/>}. */
    record Challenge(byte[] data) implements SaslStep {}

    /** Authenticated as {@code username} (a normalised localpart); {@code additionalData} goes in {@code <success/>}, or null. */
    record Success(String username, byte[] additionalData) implements SaslStep {}

    /** Refused with this condition. {@code countsAsAttempt}: a wrong password, as opposed to a malformed message. */
    record Failure(SaslFailure condition, String text, boolean countsAsAttempt) implements SaslStep {}
}
