package dev.parley.server.session.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import com.ongres.scram.common.ScramMechanism;
import dev.parley.server.account.CredentialLookup;
import dev.parley.server.account.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server side of SCRAM against the test vectors of RFC 5802 §5 and RFC 7677 §3. */
class ScramServerTest {
    static CredentialLookup user(ScramMechanism m, String salt) {
        ScramCredentials c = ScramCredentials.derive(m, "pencil", Base64.getDecoder().decode(salt), 4096);
        return new CredentialLookup() {
            @Override
            public Optional<ScramCredentials> credentials(String username, ScramMechanism mechanism) {
                return username.equals("user") ? Optional.of(c) : Optional.empty();
            }

            @Override
            public int iterations() {
                return 4096;
            }
        };
    }

    static String text(SaslStep step) {
        if (step instanceof SaslStep.Challenge c) return new String(c.data(), StandardCharsets.UTF_8);
        if (step instanceof SaslStep.Success s) return new String(s.additionalData(), StandardCharsets.UTF_8);
        throw new AssertionError("failed: " + step);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scramSha256_RFC7677_section3() {
        ScramServer server = new ScramServer(ScramMechanism.SCRAM_SHA_256, user(ScramMechanism.SCRAM_SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ=="),
                () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        assertThat(text(server.start(b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))))
                .isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        SaslStep end = server.respond(b("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(end).isInstanceOf(SaslStep.Success.class);
        assertThat(((SaslStep.Success) end).username()).isEqualTo("user");
        assertThat(text(end)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void scramSha1_RFC5802_section5() {
        ScramServer server = new ScramServer(ScramMechanism.SCRAM_SHA_1, user(ScramMechanism.SCRAM_SHA_1, "QSXCR+Q6sek8bf92"),
                () -> "3rfcNHYJY1ZVvWVs7j");
        assertThat(text(server.start(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"))))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        SaslStep end = server.respond(b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertThat(text(end)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void aWrongProofAnUnknownUserAndTamperingFail() {
        CredentialLookup lookup = user(ScramMechanism.SCRAM_SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramServer wrong = new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup, () -> "abc");
        wrong.start(b("n,,n=user,r=xyz"));
        SaslStep f = wrong.respond(b("c=biws,r=xyzabc,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(f).isInstanceOfSatisfying(SaslStep.Failure.class, x -> {
            assertThat(x.condition()).isEqualTo(SaslFailure.NOT_AUTHORIZED);
            assertThat(x.countsAsAttempt()).isTrue();
        });
        // an unknown user gets a normal-looking challenge (no user enumeration), then fails the same way
        ScramServer unknown = new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup, () -> "abc");
        assertThat(text(unknown.start(b("n,,n=nobody,r=xyz")))).startsWith("r=xyzabc,s=").endsWith(",i=4096");
        assertThat(unknown.respond(b("c=biws,r=xyzabc,p=AAAA"))).isInstanceOf(SaslStep.Failure.class);
        // a nonce that is not ours, channel binding the client requires, another authzid
        ScramServer nonce = new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup, () -> "abc");
        nonce.start(b("n,,n=user,r=xyz"));
        assertThat(nonce.respond(b("c=biws,r=xyzEVIL,p=AAAA"))).isInstanceOf(SaslStep.Failure.class);
        assertThat(new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup).start(b("p=tls-unique,,n=user,r=xyz")))
                .isInstanceOf(SaslStep.Failure.class);
        assertThat(new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup).start(b("n,a=admin,n=user,r=xyz")))
                .isInstanceOfSatisfying(SaslStep.Failure.class, x -> assertThat(x.condition()).isEqualTo(SaslFailure.INVALID_AUTHZID));
        assertThat(new ScramServer(ScramMechanism.SCRAM_SHA_256, lookup).start(b("garbage")))
                .isInstanceOfSatisfying(SaslStep.Failure.class, x -> assertThat(x.condition()).isEqualTo(SaslFailure.MALFORMED_REQUEST));
    }

    @Test
    void saslNamesAreDecoded_RFC5802_5_1() {
        assertThat(ScramServer.saslName("a=2Cb=3Dc")).isEqualTo("a,b=c");
    }

    @Test
    void serverNoncesUseOnlyCharactersEveryClientParses() {
        for (int i = 0; i < 1000; i++) assertThat(ScramServer.serverNonce()).matches("[A-Za-z0-9_-]{24}");
    }
}
