package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a session sends during one turn of its event loop goes out as one buffer, one write and one flush
 * (docs/footprint.md: a welcome of N presences, a burst of deliveries), in the order sent.
 */
class GatheredWritesTest {
    static final Element PRESENCE = Element.builder("presence", "jabber:client").attribute("from", "room@muc.localhost/a").build();

    @Test
    void stanzasSentInOneTurnAreWrittenAsOneBufferInOrder() {
        EmbeddedChannel channel = new EmbeddedChannel();
        TcpConnection connection = attached(channel);
        PreparedStanza prepared = PreparedStanza.of(PRESENCE);
        connection.send(prepared, "x@localhost/1");
        connection.send(Element.builder("message", "jabber:client").attribute("to", "x@localhost/1").build());
        connection.send(prepared, "x@localhost/2");
        assertThat(channel.outboundMessages()).as("nothing is written before the turn ends").isEmpty();
        assertThat(connection.queuedBytes()).as("but it counts as queued").isGreaterThan(0);
        channel.runPendingTasks();
        assertThat(written(channel)).containsExactly("<presence to='x@localhost/1' from='room@muc.localhost/a'/>"
                + "<message to='x@localhost/1'/>" + "<presence to='x@localhost/2' from='room@muc.localhost/a'/>");
        channel.finishAndReleaseAll();
    }

    @Test
    void aLongBurstIsWrittenInPiecesOfBoundedSize() {
        EmbeddedChannel channel = new EmbeddedChannel();
        TcpConnection connection = attached(channel);
        PreparedStanza prepared = PreparedStanza.of(PRESENCE);
        int n = 2000; // about 120 KB
        for (int i = 0; i < n; i++) connection.send(prepared, "x@localhost/" + i);
        channel.runPendingTasks();
        List<String> pieces = written(channel);
        assertThat(pieces).hasSizeBetween(2, 3);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThan(ChannelConnection.GATHER_LIMIT + 100));
        String all = String.join("", pieces);
        assertThat(all).startsWith("<presence to='x@localhost/0' ").endsWith("<presence to='x@localhost/1999' from='room@muc.localhost/a'/>");
        assertThat(all.split("<presence ", -1)).hasSize(n + 1);
        channel.finishAndReleaseAll();
    }

    /** A plain TCP connection as the last handler of {@code channel}, whose loop is the test's thread. */
    static TcpConnection attached(EmbeddedChannel channel) {
        TcpConnection connection = new TcpConnection(channel, null, false, 65536, 1_000_000);
        channel.pipeline().addLast(connection);
        return connection;
    }

    static List<String> written(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            out.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out;
    }
}
