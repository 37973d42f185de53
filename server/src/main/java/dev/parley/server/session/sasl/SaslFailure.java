package dev.parley.server.session.sasl;

/** The SASL failure conditions of RFC 6120 §6.5, as element names of {@code urn:ietf:params:xml:ns:xmpp-sasl}. */
public enum SaslFailure {
    ABORTED("aborted"),
    ACCOUNT_DISABLED("account-disabled"),
    CREDENTIALS_EXPIRED("credentials-expired"),
    ENCRYPTION_REQUIRED("encryption-required"),
    INCORRECT_ENCODING("incorrect-encoding"),
    INVALID_AUTHZID("invalid-authzid"),
    INVALID_MECHANISM("invalid-mechanism"),
    MALFORMED_REQUEST("malformed-request"),
    MECHANISM_TOO_WEAK("mechanism-too-weak"),
    NOT_AUTHORIZED("not-authorized"),
    TEMPORARY_AUTH_FAILURE("temporary-auth-failure");

    private final String elementName;

    SaslFailure(String elementName) {
        this.elementName = elementName;
    }

    public String elementName() {
        return elementName;
    }
}
