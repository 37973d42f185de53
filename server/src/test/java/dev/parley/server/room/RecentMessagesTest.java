package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ext.StanzaId;
import dev.parley.protocol.xml.Element;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a room remembers of the messages it accepted lately, to take a copy sent again only once and answer it with the
 * reflection the message had (room/RecentMessages; docs/footprint.md, tenth pass).
 */
class RecentMessagesTest {
    private static final String ROOM = "coven@chat.shakespeare.lit";

    private static Element reflection(String id, String from, String stanzaId) {
        return Element.builder("message", "jabber:client").attribute("from", from).attribute("type", "groupchat").attribute("id", id)
                .add(Element.builder("body", "jabber:client").text("x".repeat(200)).build())
                .add(new StanzaId("someone-elses", "shakespeare.lit").toElement()) // another entity's stanza-id is not the room's
                .add(new StanzaId(stanzaId, ROOM).toElement()).build();
    }

    @Test
    void aWrittenMessageIsRememberedByTheOccupantJidItCameFromAndTheRoomsStanzaId() {
        RecentMessages recent = new RecentMessages();
        recent.accepted("crone1@shakespeare.lit/desktop", "m1", 0);
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "m1")).isTrue();
        assertThat(recent.reflected("crone1@shakespeare.lit/desktop", "m1")).as("not written yet: reflected when it is").isNull();
        Element reflection = reflection("m1", ROOM + "/firstwitch", "sid-1");
        recent.written("crone1@shakespeare.lit/desktop", "m1", reflection, ROOM, 1);
        RecentMessages.Reflected r = recent.reflected("crone1@shakespeare.lit/desktop", "m1");
        assertThat(r).isEqualTo(new RecentMessages.Reflected(ROOM + "/firstwitch", "sid-1"));
        assertThat(r.from()).as("the reflection's own string, not a copy").isSameAs(reflection.attribute("from"));
        assertThat(recent.seen("wiccarocks@shakespeare.lit/laptop", "m1")).isFalse();
    }

    /** The cause guarded: a reflection kept whole held a busy room's last thousand messages, each outliving the young generation. */
    @Test
    void noReflectionIsKeptWhole() {
        for (Class<?> c : RecentMessages.class.getDeclaredClasses()) {
            if (!c.isRecord()) continue;
            assertThat(Arrays.stream(c.getRecordComponents()).map(RecordComponent::getType)).as(c.getSimpleName())
                    .doesNotContain(Element.class);
        }
        assertThat(Arrays.stream(RecentMessages.class.getDeclaredFields()).map(f -> f.getGenericType().getTypeName()))
                .noneMatch(t -> t.contains(Element.class.getName()));
    }

    @Test
    void atMostMaxAreKeptAndNoneOlderThanTheKeepingTime() {
        RecentMessages recent = new RecentMessages();
        for (int i = 0; i <= RecentMessages.MAX; i++) recent.accepted("crone1@shakespeare.lit/desktop", "m" + i, i);
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "m0")).isFalse();
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "m1")).isTrue();
        recent.accepted("crone1@shakespeare.lit/desktop", "late", RecentMessages.KEEP_NANOS + 10);
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "m5")).isFalse();
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "m10")).isTrue();
        assertThat(recent.seen("crone1@shakespeare.lit/desktop", "late")).isTrue();
    }
}
