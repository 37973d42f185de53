package dev.parley.protocol.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {
    /** RFC 7622 §3.5 Table 1: a sample of legal JIDs. */
    @ParameterizedTest
    @ValueSource(strings = {
        "juliet@example.com", "juliet@example.com/foo", "juliet@example.com/foo bar", "juliet@example.com/foo@bar",
        "foo\\20bar@example.com", "fussball@example.com", "fu\u00DFball@example.com", "\u03C0@example.com",
        "\u03A3@example.com/foo", "\u03C3@example.com/foo", "\u03C2@example.com/foo", "king@example.com/\u265A",
        "example.com", "example.com/foobar", "a.example.com/b@example.net"})
    void legalJids_3_5_table1(String s) {
        Jid jid = Jid.of(s);
        assertThat(Jid.of(jid.toString())).isEqualTo(jid); // normalisation is idempotent
    }

    /** RFC 7622 §3.5 Table 2: strings that violate the JID rules. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"juliet\"@example.com", "foo bar@example.com", "juliet@example.com/ foo", "@example.com/",
        "henry\u2163@example.com", "\u265A@example.com", "juliet@", "/foobar"})
    void illegalJids_3_5_table2(String s) {
        assertThatThrownBy(() -> Jid.of(s)).isInstanceOf(JidFormatException.class);
        assertThat(Jid.parseOrNull(s)).isNull();
    }

    @Test
    void partsAreSplitAtTheFirstSlashThenTheFirstAt_3_1() {
        Jid j = Jid.of("a.example.com/b@example.net");
        assertThat(j.local()).isNull();
        assertThat(j.domain().value()).isEqualTo("a.example.com");
        assertThat(j.resource().value()).isEqualTo("b@example.net");
        Jid k = Jid.of("room@conference.example.com/nick/with/slashes");
        assertThat(k.resource().value()).isEqualTo("nick/with/slashes");
    }

    @Test
    void localpartAndDomainAreCaseMappedResourceIsNot() {
        Jid j = Jid.of("Juliet@Example.COM/Balcony");
        assertThat(j.toString()).isEqualTo("juliet@example.com/Balcony");
        assertThat(j).isEqualTo(Jid.of("juliet@example.com/Balcony")).isNotEqualTo(Jid.of("juliet@example.com/balcony"));
        assertThat(Jid.of("\u03A3@example.com")).isEqualTo(Jid.of("\u03C3@example.com"));
        assertThat(Jid.of("\u03C2@example.com")).isNotEqualTo(Jid.of("\u03C3@example.com"));
    }

    @Test
    void theEightForbiddenLocalpartCharacters_3_3_1() {
        for (String c : new String[] {"\"", "&", "'", "/", ":", "<", ">", "@"}) {
            if (c.equals("/") || c.equals("@")) continue; // these split the JID before the localpart is checked
            assertThatThrownBy(() -> Jid.of("a" + c + "b@example.com")).as(c).isInstanceOf(JidFormatException.class);
        }
        assertThatThrownBy(() -> Localpart.of("a/b")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Localpart.of("a@b")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void domainpart_3_2() {
        assertThat(Jid.of("example.com.").toString()).isEqualTo("example.com"); // trailing dot stripped
        assertThat(Jid.of("xn--bcher-kva.example").toString()).isEqualTo("b\u00FCcher.example"); // A-label to U-label
        assertThat(Jid.of("B\u00FCcher.Example")).isEqualTo(Jid.of("xn--bcher-kva.example"));
        assertThat(Jid.of("[2001:DB8::1]").toString()).isEqualTo("[2001:db8::1]");
        assertThat(Jid.of("user@192.0.2.1").domain().value()).isEqualTo("192.0.2.1");
        assertThatThrownBy(() -> Jid.of("exa mple.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("example..com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("[::1")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void eachPartIsAtMost1023Bytes_3_1() {
        String a1023 = "a".repeat(1023);
        assertThat(Jid.of(a1023 + "@example.com/" + a1023).local().value()).hasSize(1023);
        assertThatThrownBy(() -> Jid.of("a".repeat(1024) + "@example.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("u@example.com/" + "r".repeat(1024))).isInstanceOf(JidFormatException.class);
        // bytes, not characters: 512 two-byte characters are 1024 bytes
        assertThatThrownBy(() -> Jid.of("u@example.com/" + "\u00E9".repeat(512))).isInstanceOf(JidFormatException.class);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> Jid.of("u@example.com/a\u0007b")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("u\tv@example.com")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void typedBareAndFullConversions() {
        Jid full = Jid.of("room@conference.example.com/thirdwitch");
        assertThat(full).isInstanceOf(FullJid.class);
        assertThat(full.asFullIfPossible()).isPresent();
        assertThat(full.asBare()).isEqualTo(BareJid.of("room@conference.example.com"));
        assertThat(full.asBare().withResource("thirdwitch")).isEqualTo(full);
        Jid bare = Jid.of("room@conference.example.com");
        assertThat(bare.isBare()).isTrue();
        assertThat(bare.asFullIfPossible()).isEmpty();
        assertThatThrownBy(bare::asFullOrThrow).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> BareJid.of("a@b.c/d")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> FullJid.of("a@b.c")).isInstanceOf(JidFormatException.class);
        assertThat(BareJid.of("a@b.c").domainJid()).isEqualTo(BareJid.domain("b.c"));
    }

    @Test
    void asciiFastPathAgreesWithTheProfiles() {
        // the same strings through the fast path and through the PRECIS library (forced by a non-ASCII suffix)
        assertThat(Localpart.of("ROMEO").value() + "\u00E9").isEqualTo(Localpart.of("ROMEO\u00C9").value());
        assertThat(Resourcepart.of("Foo Bar").value() + "\u00E9").isEqualTo(Resourcepart.of("Foo Bar\u00E9").value());
    }

    @Test
    void jidsOfOneDomainShareItsDomainpartAndACanonicalJidKeepsItsString() {
        // docs/footprint.md: every JID of a server's domain held one more copy of "example.com" before
        Jid a = Jid.of("juliet@example.com/balcony");
        Jid b = Jid.of("romeo@Example.COM");
        assertThat(b.domain()).isSameAs(a.domain());
        assertThat(Jid.of("example.com.").domain()).isSameAs(a.domain());
        String s = new String("nurse@example.com/kitchen");
        assertThat(Jid.of(s).toString()).as("the given string, no copy").isSameAs(s);
        String bare = new String("nurse@example.com");
        assertThat(Jid.of(bare).toString()).isSameAs(bare);
        assertThat(Jid.of("Nurse@example.com/kitchen").toString()).as("a non-canonical one is printed canonical").isEqualTo("nurse@example.com/kitchen");
        assertThat(Jid.of("nurse@EXAMPLE.com").toString()).isEqualTo("nurse@example.com");
        assertThat(Jid.of("nurse@example.com./x").toString()).isEqualTo("nurse@example.com/x");
        // bounded: a peer naming endless domains leaves at most KNOWN_MAX of them behind
        for (int i = 0; i < 3 * Domainpart.KNOWN_MAX; i++) Domainpart.of("d" + i + ".example.net");
        assertThat(Domainpart.knownCount()).isLessThanOrEqualTo(Domainpart.KNOWN_MAX);
        assertThat(Domainpart.of("d0.example.net").value()).isEqualTo("d0.example.net");
    }
}
