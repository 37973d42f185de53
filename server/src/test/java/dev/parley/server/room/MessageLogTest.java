package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.XmlWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a room's batch of messages is written: in parts, each one event and one row of the journal. */
class MessageLogTest {
    private static RoomState.StoredMessage message(int i, int bodyChars) {
        Element m = Element.builder("message", "jabber:client").attribute("from", "heath@conference.localhost/firstwitch")
                .attribute("type", "groupchat").attribute("id", "m" + i)
                .add(Element.builder("body", "jabber:client").text(i + " " + "x".repeat(bodyChars)).build()).build();
        return new RoomState.StoredMessage(m, Instant.EPOCH, "crone@localhost/desktop", i + 1);
    }

    @Test
    void aBatchGatheredDuringAFloodIsWrittenInPartsOfBoundedSizeInItsOrder() {
        List<RoomState.StoredMessage> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) batch.add(message(i, 2_000));
        List<List<RoomState.StoredMessage>> parts = MessageLog.parts(batch);
        assertThat(parts).hasSizeGreaterThan(1);
        for (List<RoomState.StoredMessage> part : parts) {
            int xml = part.stream().mapToInt(m -> XmlWriter.toBytes(m.message()).length).sum();
            assertThat(xml).as("the XML of a part").isLessThanOrEqualTo(MessageLog.MAX_EVENT_CHARS);
        }
        assertThat(parts.stream().flatMap(List::stream).toList()).as("every message once, in the batch's order").isEqualTo(batch);
    }

    @Test
    void aMessageLargerThanAPartIsAPartOfItsOwnAndNeverSplit() {
        List<RoomState.StoredMessage> batch = List.of(message(0, 10), message(1, MessageLog.MAX_EVENT_CHARS + 1_000), message(2, 10));
        assertThat(MessageLog.parts(batch)).containsExactly(List.of(batch.get(0)), List.of(batch.get(1)), List.of(batch.get(2)));
    }

    @Test
    void aSmallBatchIsOnePart() {
        List<RoomState.StoredMessage> batch = List.of(message(0, 10), message(1, 10));
        assertThat(MessageLog.parts(batch)).containsExactly(batch);
    }

    @Test
    void theEstimateIsAtLeastTheLengthOfTheXmlWritten() {
        RoomState.StoredMessage m = message(7, 300);
        assertThat(MessageLog.xmlChars(m.message())).isGreaterThanOrEqualTo(XmlWriter.toBytes(m.message()).length);
    }
}
