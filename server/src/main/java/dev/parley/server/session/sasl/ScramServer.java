package dev.parley.server.session.sasl;

import com.ongres.scram.common.ClientFirstMessage;
import com.ongres.scram.common.Gs2CbindFlag;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.exception.ScramParseException;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.CredentialLookup;
import dev.parley.server.account.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802 §5, RFC 7677), over the functions of
 * {@code com.ongres.scram}. Channel binding is not offered (no -PLUS mechanisms): a client that requires
 * it ("p=") is refused, one that could but believes we cannot ("y") is accepted (RFC 5802 §6).
 *
 * <p>An unknown user is not revealed early: the exchange goes on with a made-up salt and fails at the
 * proof, exactly as a wrong password does.
 */
public final class ScramServer implements SaslMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramMechanism mechanism;
    private final CredentialLookup accounts;
    private final java.util.function.Supplier<String> serverNonce;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String gs2Header;
    private String user;
    private ScramCredentials credentials;
    private boolean done;

    public ScramServer(ScramMechanism mechanism, CredentialLookup accounts) {
        this(mechanism, accounts, ScramServer::serverNonce);
    }

    /**
     * 18 random bytes in base64url. RFC 5802 allows any printable character but ',' in a nonce, but common
     * clients do not cope with all of them (the JavaScript sasl-scram-sha-1 used by @xmpp/client mangles
     * '"'), so ours keeps to letters, digits, '-' and '_'.
     */
    static String serverNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** With a given server nonce: for the RFC test vectors. */
    ScramServer(ScramMechanism mechanism, CredentialLookup accounts, java.util.function.Supplier<String> serverNonce) {
        this.mechanism = mechanism;
        this.accounts = accounts;
        this.serverNonce = serverNonce;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (initialResponse == null || initialResponse.length == 0) return new SaslStep.Challenge(new byte[0]);
        return clientFirst(new String(initialResponse, StandardCharsets.UTF_8));
    }

    @Override
    public SaslStep respond(byte[] response) {
        String message = new String(response, StandardCharsets.UTF_8);
        if (serverFirst == null) return clientFirst(message);
        if (done) return malformed("the exchange is over");
        done = true;
        return clientFinal(message);
    }

    private SaslStep clientFirst(String message) {
        ClientFirstMessage first;
        try {
            first = ClientFirstMessage.parseFrom(message);
        } catch (ScramParseException | IllegalArgumentException e) {
            return malformed("malformed client-first-message");
        }
        if (first.getGs2Header().getChannelBindingFlag() == Gs2CbindFlag.CHANNEL_BINDING_REQUIRED) {
            return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "channel binding is not supported", false);
        }
        int secondComma = message.indexOf(',', message.indexOf(',') + 1);
        gs2Header = message.substring(0, secondComma + 1);
        clientFirstBare = message.substring(secondComma + 1);
        try {
            user = AccountStore.normalize(saslName(first.getUsername()));
        } catch (IllegalArgumentException e) { // JidFormatException included
            user = null;
        }
        String authzid = first.getGs2Header().getAuthzid();
        if (authzid != null && (user == null || !Authzid.matches(saslName(authzid), user))) {
            return new SaslStep.Failure(SaslFailure.INVALID_AUTHZID, null, false);
        }
        credentials = user == null ? null : accounts.credentials(user, mechanism).orElse(null);
        if (credentials == null) {
            byte[] fakeSalt = new byte[16];
            RANDOM.nextBytes(fakeSalt);
            credentials = new ScramCredentials(fakeSalt, accounts.iterations(), new byte[0], new byte[0]);
        }
        nonce = first.getClientNonce() + serverNonce.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt()) + ",i=" + credentials.iterations();
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String message) {
        // client-final-message = channel-binding "," nonce ["," extensions] "," proof
        int proofAt = message.lastIndexOf(",p=");
        if (!message.startsWith("c=") || proofAt < 0) return malformed("malformed client-final-message");
        String withoutProof = message.substring(0, proofAt);
        String[] parts = withoutProof.split(",", -1);
        if (parts.length < 2 || !parts[1].startsWith("r=")) return malformed("malformed client-final-message");
        byte[] cbind;
        byte[] proof;
        try {
            cbind = Base64.getDecoder().decode(parts[0].substring(2));
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return new SaslStep.Failure(SaslFailure.INCORRECT_ENCODING, "invalid base64", false);
        }
        if (!MessageDigest.isEqual(cbind, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "channel binding mismatch", false);
        }
        if (!parts[1].substring(2).equals(nonce)) return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "nonce mismatch", false);
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        boolean ok = user != null && credentials.storedKey().length > 0
                && ScramFunctions.verifyClientProof(mechanism, proof, credentials.storedKey(), authMessage);
        if (!ok) return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null, true);
        byte[] signature = ScramFunctions.serverSignature(mechanism, credentials.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(signature);
        return new SaslStep.Success(user, serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a saslname (RFC 5802 §5.1): "=2C" is ',' and "=3D" is '='; any other '=' is malformed. */
    static String saslName(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (s.startsWith("=2C", i)) sb.append(',');
                else if (s.startsWith("=3D", i)) sb.append('=');
                else throw new IllegalArgumentException("invalid saslname");
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static SaslStep malformed(String text) {
        return new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, text, false);
    }
}
