package dev.parley.server.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.parley.protocol.stream.FrameParser;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.XmlWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How an {@link Element} goes into the journal and across the cluster: as its XML text, every namespace
 * declared, read back by the protocol module's parser (one standalone document, as a WebSocket frame is).
 * Registered in {@code reference.conf} ({@code pekko.serialization.jackson.jackson-modules}).
 */
public final class ElementJacksonModule extends SimpleModule {
    private static final FrameParser PARSER = new FrameParser(XmlLimits.DEFAULTS.withMaxElementBytes(16 << 20));

    public ElementJacksonModule() {
        super("parley-element");
        addSerializer(dev.parley.protocol.stanza.PreparedStanza.class, new StdSerializer<>(dev.parley.protocol.stanza.PreparedStanza.class) {
            @Override
            public void serialize(dev.parley.protocol.stanza.PreparedStanza value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                // its bytes as they are: a fan-out to another node is neither written again here nor parsed there
                gen.writeStartArray();
                gen.writeBinary(value.head());
                gen.writeBinary(value.tail());
                gen.writeEndArray();
            }
        });
        addDeserializer(dev.parley.protocol.stanza.PreparedStanza.class, new StdDeserializer<>(dev.parley.protocol.stanza.PreparedStanza.class) {
            @Override
            public dev.parley.protocol.stanza.PreparedStanza deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) throw new IOException("a prepared stanza is [head, tail]");
                p.nextToken();
                byte[] head = p.getBinaryValue();
                p.nextToken();
                byte[] tail = p.getBinaryValue();
                if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) throw new IOException("a prepared stanza is [head, tail]");
                return dev.parley.protocol.stanza.PreparedStanza.ofBytes(head, tail, ElementJacksonModule::parseStanza);
            }
        });
        asString(dev.parley.protocol.jid.FullJid.class, v -> (dev.parley.protocol.jid.FullJid) dev.parley.protocol.jid.Jid.of(v));
        asString(dev.parley.protocol.muc.Nickname.class, dev.parley.protocol.muc.Nickname::of);
        addSerializer(Element.class, new StdSerializer<>(Element.class) {
            @Override
            public void serialize(Element value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                // the UTF-8 as it is: the same text on the wire as a String of it, without decoding it into one and
                // the generator encoding it again (a room writes each message to its journal this way)
                byte[] xml = XmlWriter.toBytes(value);
                gen.writeUTF8String(xml, 0, xml.length);
            }
        });
        addDeserializer(Element.class, new StdDeserializer<>(Element.class) {
            @Override
            public Element deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return parse(p.getValueAsString());
            }
        });
    }

    /** A value written as its string form and read back by {@code parse} (JIDs, nicknames: room occupants in the journal). */
    private <T> void asString(Class<T> type, java.util.function.Function<String, T> parse) {
        addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        addDeserializer(type, new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return parse.apply(p.getValueAsString());
                } catch (RuntimeException e) {
                    throw new IOException("not a stored " + type.getSimpleName() + ": " + p.getValueAsString(), e);
                }
            }
        });
    }

    /** One standalone jabber:client stanza, as {@link dev.parley.protocol.stanza.PreparedStanza#template()} reads its bytes back. */
    public static Element parseStanza(byte[] xml) {
        StreamEvent e = PARSER.parse(xml);
        if (e instanceof StreamEvent.ElementReceived r) return r.element();
        throw new IllegalStateException("not a prepared stanza: " + e);
    }

    static Element parse(String xml) throws IOException {
        StreamEvent e = PARSER.parse(xml.getBytes(StandardCharsets.UTF_8));
        if (e instanceof StreamEvent.ElementReceived r) return r.element();
        throw new IOException("not a stored element: " + e);
    }
}
