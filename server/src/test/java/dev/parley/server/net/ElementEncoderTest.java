package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A connection keeps no serialiser of its own between stanzas (docs/footprint.md): the writer is one per thread. */
class ElementEncoderTest {
    @Test
    void theEncoderHoldsNothingPerConnection() {
        assertThat(Arrays.stream(ElementEncoder.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())))
                .as("instance fields").isEmpty();
        assertThat(Arrays.stream(ChannelConnection.class.getDeclaredFields()).filter(f -> f.getType() == ElementEncoder.class))
                .allMatch(f -> Modifier.isFinal(f.getModifiers()));
    }

    @Test
    void twoThreadsEncodeAtOnceEachIntoItsOwnBuffer() throws Exception {
        Element big = Element.builder("message", "jabber:client").attribute("to", "a@localhost")
                .add(Element.builder("body", "jabber:client").text("x".repeat(5000)).build()).build();
        Element small = Element.builder("presence", "jabber:client").attribute("to", "b@localhost").build();
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> encode(big));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> encode(small));
        assertThat(a.get()).startsWith("<message to='a@localhost'><body>xxx").endsWith("</body></message>").hasSize(5000 + 49);
        assertThat(b.get()).isEqualTo("<presence to='b@localhost'/>");
        assertThat(encode(small)).as("the thread's writer is left clean").isEqualTo("<presence to='b@localhost'/>");
    }

    static String encode(Element e) {
        ByteBuf buf = ElementEncoder.SHARED.encode(UnpooledByteBufAllocator.DEFAULT, e, TcpConnection.STREAM_SCOPE);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
