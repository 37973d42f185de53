package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client's groupchat messages are followed until their room reflects or refuses them; the others bounce. */
class ReflectionsTest {
    static final String ROOM = "coven@conference.localhost";

    static Element message(String id, String body) {
        return Element.builder("message", "jabber:client").attribute("from", "crone1@localhost/desktop").attribute("to", ROOM)
                .attribute("type", "groupchat").attribute("id", id).add(Element.builder("body", "jabber:client").text(body).build()).build();
    }

    static Element reflection(String id, String body) {
        return message(id, body).withAttribute("from", ROOM + "/firstwitch").withAttribute("to", null);
    }

    @Test
    void aReflectedOrRefusedMessageIsNoLongerFollowed() {
        Reflections r = new Reflections();
        r.sent(message("m1", "thrice"), "m1", ROOM, 0);
        r.sent(message("m2", "the brinded cat"), "m2", ROOM, 0);
        r.sent(message("m3", "hath mew'd"), "m3", ROOM, 0);
        assertThat(r.delivered(PreparedStanza.of(reflection("other", "someone else's")))).isTrue();
        r.delivered(PreparedStanza.of(reflection("m1", "thrice"))); // the fan-out's copy
        r.delivered(Stanza.from(message("m2", "the brinded cat")).errorReply(StanzaError.of(StanzaError.Condition.FORBIDDEN), true)
                .element().withAttribute("from", ROOM)); // refused by the room
        List<Element> bounced = r.expired(100, 50);
        assertThat(bounced).hasSize(1);
        Element e = bounced.get(0);
        assertThat(e.attribute("id")).isEqualTo("m3");
        assertThat(e.attribute("type")).isEqualTo("error");
        assertThat(e.attribute("from")).isEqualTo(ROOM);
        assertThat(e.attribute("to")).isEqualTo("crone1@localhost/desktop");
        assertThat(Stanza.from(e).error().condition()).as("RFC 6120 §8.3.3.15, type wait").isEqualTo(StanzaError.Condition.REMOTE_SERVER_TIMEOUT);
        assertThat(e.child("body", "jabber:client").text()).as("the client knows which message to send again").isEqualTo("hath mew'd");
        assertThat(r.isEmpty()).isTrue();
    }

    /** A session that ends with its node bounces what no room answered yet, whatever its age (RFC 6120 §4.9.3.19). */
    @Test
    void whatIsUnansweredWhenTheNodeLeavesIsBouncedAtOnce() {
        Reflections r = new Reflections();
        r.sent(message("m1", "fair is foul"), "m1", ROOM, 0);
        r.sent(message("m2", "and foul is fair"), "m2", ROOM, 90);
        r.delivered(PreparedStanza.of(reflection("m1", "fair is foul")));
        assertThat(r.expired(100, 50)).isEmpty();
        List<Element> bounced = r.abandon();
        assertThat(bounced).extracting(x -> x.attribute("id")).containsExactly("m2");
        assertThat(Stanza.from(bounced.get(0)).error().condition()).isEqualTo(StanzaError.Condition.REMOTE_SERVER_TIMEOUT);
        assertThat(bounced.get(0).attribute("to")).isEqualTo("crone1@localhost/desktop");
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void onlyWhatIsOlderThanTheLimitBouncesAndAnErrorFromElsewhereChangesNothing() {
        Reflections r = new Reflections();
        r.sent(message("a", "old"), "a", ROOM, 0);
        r.sent(message("b", "new"), "b", ROOM, 80);
        r.sent(message("c", "no id"), null, ROOM, 0);
        r.delivered(message("a", "old").withAttribute("from", "other@conference.localhost").withAttribute("type", "error"));
        assertThat(r.expired(100, 50)).extracting(x -> x.attribute("id")).containsExactly("a");
        assertThat(r.expired(200, 50)).extracting(x -> x.attribute("id")).containsExactly("b");
    }

    @Test
    void aMessageSentAgainAfterAMoveIsDeliveredToTheClientOnce() {
        Reflections r = new Reflections();
        r.sent(message("m1", "thrice"), "m1", ROOM, 0);
        r.sent(message("m2", "twice"), "m2", "other@conference.localhost", 0);
        assertThat(r.resend(ROOM)).extracting(x -> x.attribute("id")).containsExactly("m1");
        assertThat(r.delivered(PreparedStanza.of(reflection("m1", "thrice")))).as("the first copy's reflection, late").isTrue();
        assertThat(r.delivered(reflection("m1", "thrice").withAttribute("to", "crone1@localhost/desktop")))
                .as("the room's answer to the second copy: the client has it already").isFalse();
        assertThat(r.delivered(reflection("m1", "thrice").withAttribute("to", "crone1@localhost/desktop"))).as("only once").isTrue();
    }

    /**
     * A room that could not write a message answers it with an error; if the room's death reached the session first,
     * the copy it sent again gets the same error from the room's next start. The client hears it once. An error from
     * elsewhere that happens to carry the id is the client's all the same.
     */
    @Test
    void aMessageSentAgainWhoseFirstCopyWasRefusedIsRefusedToTheClientOnce() {
        Reflections r = new Reflections();
        r.sent(message("m1", "thrice"), "m1", ROOM, 0);
        assertThat(r.resend(ROOM)).extracting(x -> x.attribute("id")).containsExactly("m1");
        Element refused = Stanza.from(message("m1", "thrice")).errorReply(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR), true)
                .element().withAttribute("from", ROOM);
        assertThat(r.delivered(refused)).as("the first copy's error").isTrue();
        assertThat(r.delivered(refused.withAttribute("from", "other@conference.localhost"))).as("an error from elsewhere").isTrue();
        assertThat(r.delivered(refused)).as("the second copy's error: the client has it already").isFalse();
        assertThat(r.delivered(refused)).as("only once").isTrue();
    }

    @Test
    void aFloodIsFollowedForItsNewestMessagesOnly() {
        Reflections r = new Reflections();
        for (int i = 0; i < Reflections.MAX + 10; i++) r.sent(message("m" + i, "x"), "m" + i, ROOM, i);
        List<Element> bounced = r.expired(Long.MAX_VALUE / 2, 1);
        assertThat(bounced).hasSize(Reflections.MAX);
        assertThat(bounced.get(0).attribute("id")).isEqualTo("m10");
    }
}
