package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The splitter cuts a stream at its top-level boundaries however the bytes arrive. */
class StanzaSplitterTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='x' version='1.0'>";
    static final List<String> PIECES = List.of(
            HEADER,
            "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
            "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
            "\n <message from='coven@conference.localhost/u1' type=\"groupchat\" id='a>b'><body>lt 123 1 xx</body></message>",
            "<presence from='coven@conference.localhost/it&apos;s&gt;me'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x></presence>",
            "<message type='groupchat'><body><![CDATA[a </body> <b> ]] > ]]></body></message>",
            " ",
            "</stream:stream>");

    static List<String> split(byte[] all, int[] cuts) {
        StanzaSplitter s = new StanzaSplitter(1 << 20);
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            s.feed(Unpooled.wrappedBuffer(all, from, cut - from), (b, off, len, element) -> out.add(new String(b, off, len, StandardCharsets.UTF_8)));
            from = cut;
        }
        s.feed(Unpooled.wrappedBuffer(all, from, all.length - from), (b, off, len, element) -> out.add(new String(b, off, len, StandardCharsets.UTF_8)));
        return out;
    }

    static List<String> expected() {
        // whitespace between stanzas travels with the piece after it; a trailing space with the close
        List<String> e = new ArrayList<>(PIECES.subList(0, 6));
        e.add(" </stream:stream>");
        return e;
    }

    @Test
    void everySingleSplitGivesTheSamePieces() {
        byte[] all = String.join("", PIECES).getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= all.length; cut++) {
            assertThat(split(all, new int[] {cut})).as("split at %d", cut).containsExactlyElementsOf(expected());
        }
    }

    @Test
    void randomMultiSplitsGiveTheSamePieces() {
        byte[] all = String.join("", PIECES).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(12);
            int[] cuts = random.ints(n, 0, all.length + 1).sorted().toArray();
            assertThat(split(all, cuts)).containsExactlyElementsOf(expected());
        }
    }

    @Test
    void aRestartExpectsANewHeaderAndKeepsWhatFollows() {
        StanzaSplitter s = new StanzaSplitter(1 << 20);
        List<String> out = new ArrayList<>();
        String first = HEADER + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + HEADER + "<stream:features/>";
        s.feed(Unpooled.wrappedBuffer(first.getBytes(StandardCharsets.UTF_8)), (b, off, len, element) -> {
            String p = new String(b, off, len, StandardCharsets.UTF_8);
            out.add(p);
            if (p.startsWith("<success")) s.restart();
        });
        assertThat(out).containsExactly(HEADER, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", HEADER, "<stream:features/>");
    }
}
