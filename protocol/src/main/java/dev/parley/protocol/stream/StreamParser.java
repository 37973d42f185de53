package dev.parley.protocol.stream;

import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses an XMPP stream over TCP (RFC 6120 §4): bytes in any split (mid-tag, mid-attribute, mid-UTF-8
 * sequence) in, {@link StreamEvent}s out: the header, each top-level element as one immutable tree, the
 * close, or the stream error to send when the input breaks a rule.
 *
 * <p>Rules checked here: the root is {@code <stream>} in {@code http://etherx.jabber.org/streams}, and
 * the content namespace is one this parser was built for ({@code invalid-namespace}, §4.9.3.10); the
 * version's major number is 1 ({@code unsupported-version}, §4.9.3.25; a missing version means a pre-1.0
 * peer, §4.7.5); plus everything {@link XmlLimits} and RFC 6120 §11 restrict.
 *
 * <p>After STARTTLS or SASL success the stream restarts (§5.4.3.3, §6.4.6): call {@link #restart()}.
 * Called from inside the event callback, the bytes after the triggering element are parsed as the new
 * stream. Not thread-safe: one parser per connection.
 */
public final class StreamParser {
    private final XmlLimits limits;
    private final Set<String> contentNamespaces;
    /** XEP-0114 §3: a component stream's headers carry no version; every other stream's must be 1.x. */
    private final boolean versionless;
    private final EngineHandler handler = new EngineHandler();
    private XmlReaderEngine engine;
    private Consumer<? super StreamEvent> out;
    private boolean restartRequested;
    /**
     * The slice a direct buffer is copied into, one per thread, not one per parser: 4 KB a connection
     * otherwise, held between reads that are mostly a few hundred bytes apart in time. Taken out while in use,
     * so a parser fed from inside another's callback on the same thread gets one of its own.
     */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();

    /** A parser with the default limits that accepts {@code jabber:client} streams. */
    public StreamParser() {
        this(XmlLimits.DEFAULTS, Set.of(dev.parley.protocol.xml.Namespaces.JABBER_CLIENT));
    }

    public StreamParser(XmlLimits limits, Set<String> contentNamespaces) {
        this(limits, contentNamespaces, false);
    }

    /**
     * {@code versionless}: headers without a version are accepted (a component stream, XEP-0114 §3); a version
     * given must still be 1.x.
     */
    public StreamParser(XmlLimits limits, Set<String> contentNamespaces, boolean versionless) {
        this.limits = Objects.requireNonNull(limits);
        this.contentNamespaces = Set.copyOf(contentNamespaces);
        this.versionless = versionless;
        this.engine = new XmlReaderEngine(limits, true, handler);
    }

    /** Parses {@code data[offset, offset+length)}; events go to {@code out} before this returns. */
    public void feed(byte[] data, int offset, int length, Consumer<? super StreamEvent> out) {
        Objects.checkFromIndexSize(offset, length, data.length);
        this.out = out;
        try {
            int p = offset;
            int end = offset + length;
            while (p < end) {
                p = engine.feed(data, p, end - p);
                if (restartRequested) {
                    restartRequested = false;
                    engine = new XmlReaderEngine(limits, true, handler);
                } else if (engine.stopped()) {
                    break;
                }
            }
        } finally {
            this.out = null;
        }
    }

    public void feed(byte[] data, Consumer<? super StreamEvent> out) {
        feed(data, 0, data.length, out);
    }

    /** Parses the remaining bytes of {@code buffer} and consumes them. */
    public void feed(ByteBuffer buffer, Consumer<? super StreamEvent> out) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), n, out);
            buffer.position(buffer.position() + n);
            return;
        }
        byte[] scratch = SCRATCH.get();
        if (scratch == null) scratch = new byte[XmlLimits.SLICE_BYTES];
        else SCRATCH.remove();
        try {
            // each slice is parsed to its end before the next is copied: nothing keeps the array after feed()
            while (buffer.hasRemaining()) {
                int n = Math.min(scratch.length, buffer.remaining());
                buffer.get(scratch, 0, n);
                feed(scratch, 0, n, out);
            }
        } finally {
            SCRATCH.set(scratch);
        }
    }

    /**
     * Expects a new stream header: after STARTTLS (the caller now feeds decrypted bytes) or SASL success.
     * From inside a callback, parsing resumes right after the element being reported.
     */
    public void restart() {
        if (out != null) {
            restartRequested = true;
            engine.pause();
        } else {
            engine = new XmlReaderEngine(limits, true, handler);
        }
    }

    /** True once the stream was closed or failed: further input is discarded until {@link #restart()}. */
    public boolean isDone() {
        return engine.stopped();
    }

    private void emit(StreamEvent event) {
        out.accept(event);
    }

    private final class EngineHandler implements XmlReaderEngine.Handler {
        @Override
        public void rootStarted(String name, String namespace, List<Attribute> attributes, String defaultNamespace) {
            if (!namespace.equals(StreamHeader.STREAMS_NAMESPACE) || !name.equals(StreamHeader.STREAM_ELEMENT)) {
                failed(StreamError.of(Condition.INVALID_NAMESPACE, "the stream header must be <stream:stream>"));
                return;
            }
            if (defaultNamespace == null || !contentNamespaces.contains(defaultNamespace)) {
                failed(StreamError.of(Condition.INVALID_NAMESPACE, "unsupported content namespace"));
                return;
            }
            StreamHeader header = StreamHeader.fromAttributes(attributes, defaultNamespace);
            if (!header.isVersion1() && !(versionless && header.version() == null)) {
                failed(StreamError.of(Condition.UNSUPPORTED_VERSION, "version 1.0 is required"));
                return;
            }
            emit(new StreamEvent.Opened(header));
        }

        @Override
        public void element(Element element) {
            emit(new StreamEvent.ElementReceived(element));
        }

        @Override
        public void rootEnded() {
            emit(StreamEvent.CLOSED);
        }

        @Override
        public void failed(StreamError error) {
            engine.stop(); // a failed stream discards its input until restarted
            emit(new StreamEvent.Failed(error));
        }
    }
}
