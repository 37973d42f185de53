package dev.parley.protocol.stream;

import dev.parley.protocol.xml.Element;

/** What a stream parser reports: the header, each top-level element, the close, or a failure. */
public sealed interface StreamEvent {
    /** The peer opened the stream (or re-opened it after a restart). */
    record Opened(StreamHeader header) implements StreamEvent {}

    /** One complete top-level element: a stanza or a nonza (features, SASL, SM acks…). */
    record ElementReceived(Element element) implements StreamEvent {}

    /** The peer closed the stream ({@code </stream:stream>} or the {@code <close/>} frame). */
    record Closed() implements StreamEvent {}

    /**
     * The input broke a rule: the stream must be closed with this error. The parser discards all further
     * input until it is restarted.
     */
    record Failed(StreamError error) implements StreamEvent {}

    Closed CLOSED = new Closed();
}
