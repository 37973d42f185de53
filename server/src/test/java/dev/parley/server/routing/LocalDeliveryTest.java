package dev.parley.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6121 §8.5, rule by rule (session references are not needed to decide, so they are null here). */
class LocalDeliveryTest {
    static final Resource PHONE = new Resource(FullJid.of("juliet@localhost/phone"), null, true, 1);
    static final Resource LAPTOP = new Resource(FullJid.of("juliet@localhost/laptop"), null, true, 5);
    static final Resource NEGATIVE = new Resource(FullJid.of("juliet@localhost/bot"), null, true, -1);
    static final Resource CONNECTED = new Resource(FullJid.of("juliet@localhost/quiet"), null, false, 0);

    static Stanza message(String type) {
        return Stanza.from(Element.builder("message", "jabber:client").attribute("type", type).build());
    }

    static Stanza presence(String type) {
        return Stanza.from(Element.builder("presence", "jabber:client").attribute("type", type).build());
    }

    static Stanza iq(String type) {
        return Stanza.from(Element.builder("iq", "jabber:client").attribute("type", type).attribute("id", "1")
                .add(Element.of("query", "jabber:iq:version")).build());
    }

    static LocalDelivery.Decision toBare(Stanza s, Resource... rs) {
        return LocalDelivery.decide(s, Jid.of("juliet@localhost"), List.of(rs));
    }

    static LocalDelivery.Decision toFull(String resource, Stanza s, Resource... rs) {
        return LocalDelivery.decide(s, Jid.of("juliet@localhost/" + resource), List.of(rs));
    }

    @Test
    void chatAndNormalToBareGoToTheMostAvailable_8_5_2_1_1() {
        assertThat(toBare(message("chat"), PHONE, LAPTOP, CONNECTED).recipients()).containsExactly(LAPTOP);
        assertThat(toBare(message(null), PHONE, LAPTOP).recipients()).containsExactly(LAPTOP);
        // never to a negative priority: as if no resource were available
        assertThat(toBare(message("chat"), NEGATIVE).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void headlineToBareGoesToAllNonNegative_8_5_2_1_1() {
        assertThat(toBare(message("headline"), PHONE, LAPTOP, NEGATIVE).recipients()).containsExactlyInAnyOrder(PHONE, LAPTOP);
        assertThat(toBare(message("headline")).recipients()).isEmpty(); // §8.5.2.2.1: silently ignored
        assertThat(toBare(message("headline")).error()).isNull();
    }

    @Test
    void groupchatToABareJidIsAnError_8_5_2_1_1() {
        assertThat(toBare(message("groupchat"), PHONE).recipients()).isEmpty();
        assertThat(toBare(message("groupchat"), PHONE).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void noAvailableResources_8_5_2_2() {
        assertThat(toBare(message("chat"), CONNECTED).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertThat(toBare(message("error")).error()).isNull();
        assertThat(toBare(presence(null)).recipients()).isEmpty();
        assertThat(toBare(presence(null)).error()).isNull();
    }

    @Test
    void presenceToBareGoesToAllAvailable_8_5_2_1_2() {
        assertThat(toBare(presence(null), PHONE, LAPTOP, CONNECTED).recipients()).containsExactlyInAnyOrder(PHONE, LAPTOP);
        assertThat(toBare(presence("unavailable"), PHONE).recipients()).containsExactly(PHONE);
        assertThat(toBare(presence("subscribe"), PHONE).recipients()).isEmpty(); // no rosters: ignored
    }

    @Test
    void iqToBareIsAnsweredByTheServer_8_5_2_1_3() {
        assertThat(toBare(iq("get"), PHONE).answerOnBehalf()).isTrue();
        assertThat(toBare(iq("get"), PHONE).recipients()).isEmpty();
    }

    @Test
    void fullJidThatMatchesGetsTheStanza_8_5_3_1() {
        assertThat(toFull("phone", message("groupchat"), PHONE, LAPTOP).recipients()).containsExactly(PHONE);
        assertThat(toFull("quiet", iq("get"), CONNECTED).recipients()).containsExactly(CONNECTED);
        assertThat(toFull("phone", presence(null), PHONE).recipients()).containsExactly(PHONE);
    }

    @Test
    void fullJidThatDoesNotMatch_8_5_3_2() {
        assertThat(toFull("gone", message("chat"), PHONE, LAPTOP).recipients()).containsExactly(LAPTOP); // as if to the bare JID
        assertThat(toFull("gone", message("normal"), PHONE).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertThat(toFull("gone", message("groupchat"), PHONE).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertThat(toFull("gone", presence(null), PHONE).recipients()).isEmpty();
        assertThat(toFull("gone", iq("get"), PHONE).error().condition()).isEqualTo(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertThat(toFull("gone", iq("result"), PHONE).error()).isNull();
    }
}
