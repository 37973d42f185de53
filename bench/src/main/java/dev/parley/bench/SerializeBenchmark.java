package dev.parley.bench;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Serialising one ~300-byte reflected groupchat message into a reused writer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializeBenchmark {
    static final String MESSAGE = "<message from='coven@conference.example.org/thirdwitch' to='hecate@example.org/broom' "
            + "type='groupchat' id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2'><body>Thrice the brinded cat hath mew'd &amp; "
            + "the hedge-pig whined. \u00C9t\u00E9 \u263A</body><stanza-id xmlns='urn:xmpp:sid:0' id='5f3a9c1e2b7d4a60' "
            + "by='coven@conference.example.org'/><origin-id xmlns='urn:xmpp:sid:0' id='aX9kLm2'/></message>";

    static final NamespaceScope CLIENT = NamespaceScope.ofDefault("jabber:client");

    Element message;
    XmlWriter writer;

    @Setup
    public void setup() {
        StreamParser p = new StreamParser();
        Element[] out = new Element[1];
        p.feed((Corpus.HEADER + MESSAGE).getBytes(StandardCharsets.UTF_8), e -> {
            if (e instanceof StreamEvent.ElementReceived r) out[0] = r.element();
        });
        message = out[0];
        writer = new XmlWriter(null, 1024);
    }

    /** Bytes of the serialised message, for the report. */
    public static int messageBytes() {
        SerializeBenchmark b = new SerializeBenchmark();
        b.setup();
        return XmlWriter.toBytes(b.message, CLIENT).length;
    }

    @Benchmark
    public int serializeGroupchat() {
        writer.reset();
        writer.write(message, CLIENT);
        return writer.size();
    }
}
