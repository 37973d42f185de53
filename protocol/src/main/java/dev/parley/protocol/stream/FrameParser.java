package dev.parley.protocol.stream;

import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import java.util.List;
import java.util.Objects;

/**
 * Parses the frames of an XMPP stream over WebSocket (RFC 7395 §3.3): each frame is a standalone XML
 * document holding exactly one element, with all its namespace declarations. The stream header is an
 * {@code <open/>} frame and the close a {@code <close/>} frame, both in
 * {@code urn:ietf:params:xml:ns:xmpp-framing} ({@code invalid-namespace} otherwise, §3.3.2).
 *
 * <p>Stateless between frames: a stream restart is simply the next {@code <open/>}.
 */
public final class FrameParser {
    private final XmlLimits limits;

    public FrameParser() {
        this(XmlLimits.DEFAULTS);
    }

    public FrameParser(XmlLimits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /** Parses one frame into one event: Opened, ElementReceived, Closed or Failed. */
    public StreamEvent parse(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length > limits.maxElementBytes()) {
            return failed(Condition.POLICY_VIOLATION, "frame larger than " + limits.maxElementBytes() + " bytes");
        }
        // "The first character of each frame MUST be a '<' character" (§3.3.3).
        if (length == 0 || frame[offset] != '<') return failed(Condition.NOT_WELL_FORMED, "a frame must start with '<'");
        Collector collector = new Collector();
        XmlReaderEngine engine = new XmlReaderEngine(limits, false, collector);
        engine.feed(frame, offset, length);
        engine.endOfInput();
        if (collector.error != null) return new StreamEvent.Failed(collector.error);
        if (collector.element == null) return failed(Condition.NOT_WELL_FORMED, "a frame must hold one complete element");
        return classify(collector.element);
    }

    public StreamEvent parse(byte[] frame) {
        return parse(frame, 0, frame.length);
    }

    private static StreamEvent classify(Element e) {
        boolean framing = e.namespace().equals(StreamHeader.FRAMING_NAMESPACE);
        boolean headerName = e.name().equals("open") || e.name().equals("close");
        boolean tcpHeader = e.is(StreamHeader.STREAM_ELEMENT, StreamHeader.STREAMS_NAMESPACE);
        if (tcpHeader || headerName && !framing) {
            return failed(Condition.INVALID_NAMESPACE, "stream headers must be <open/> and <close/> in " + StreamHeader.FRAMING_NAMESPACE);
        }
        if (!framing) return new StreamEvent.ElementReceived(e);
        if (e.name().equals("close")) return StreamEvent.CLOSED;
        if (!e.name().equals("open")) return failed(Condition.BAD_FORMAT, "unknown framing element <" + e.name() + "/>");
        StreamHeader header = StreamHeader.fromAttributes(e.attributes(), dev.parley.protocol.xml.Namespaces.JABBER_CLIENT);
        if (!header.isVersion1()) return failed(Condition.UNSUPPORTED_VERSION, "version 1.0 is required");
        return new StreamEvent.Opened(header);
    }

    private static StreamEvent failed(Condition condition, String text) {
        return new StreamEvent.Failed(StreamError.of(condition, text));
    }

    private static final class Collector implements XmlReaderEngine.Handler {
        Element element;
        StreamError error;

        @Override
        public void rootStarted(String name, String namespace, List<Attribute> attributes, String defaultNamespace) {}

        @Override
        public void element(Element e) {
            if (element == null) element = e;
            else if (error == null) error = StreamError.of(Condition.NOT_WELL_FORMED, "more than one element in a frame");
        }

        @Override
        public void rootEnded() {}

        @Override
        public void failed(StreamError e) {
            if (error == null) error = e;
        }
    }
}
