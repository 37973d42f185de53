package dev.parley.server.net;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Serialises elements straight into Netty buffers, through one {@link XmlWriter} per thread (its buffer and its
 * cache of encoded names are reused by every connection that thread writes for): a connection keeps no writer
 * of its own between stanzas, which saved about 4 KB per connection (docs/footprint.md). Stateless, so one
 * instance serves every connection, from any thread.
 */
final class ElementEncoder {
    static final ElementEncoder SHARED = new ElementEncoder();

    private ElementEncoder() {}

    /** A thread's writer, pointed at the buffer being filled. */
    private static final class ThreadWriter {
        ByteBuf target;
        final XmlWriter writer = new XmlWriter((b, off, len) -> target.writeBytes(b, off, len), 2048);
    }

    private static final ThreadLocal<ThreadWriter> WRITERS = ThreadLocal.withInitial(ThreadWriter::new);

    /** One copy of a prepared stanza: no serialisation, three byte copies and the escaped 'to'. */
    ByteBuf encode(ByteBufAllocator alloc, dev.parley.protocol.stanza.PreparedStanza stanza, String to, boolean standalone) {
        return inNewBuffer(alloc.buffer(stanza.size() + to.length() + 32), w -> stanza.writeTo(w, to, standalone));
    }

    ByteBuf encode(ByteBufAllocator alloc, Element element, NamespaceScope scope) {
        return inNewBuffer(alloc.buffer(256), w -> w.write(element, scope));
    }

    /** Appends one copy of a prepared stanza to {@code buf}; on failure {@code buf} is left as it was. */
    void encodeInto(ByteBuf buf, dev.parley.protocol.stanza.PreparedStanza stanza, String to) {
        append(buf, w -> stanza.writeTo(w, to, false));
    }

    /** Appends {@code element} to {@code buf}; on failure {@code buf} is left as it was. */
    void encodeInto(ByteBuf buf, Element element, NamespaceScope scope) {
        append(buf, w -> w.write(element, scope));
    }

    private static ByteBuf inNewBuffer(ByteBuf buf, java.util.function.Consumer<XmlWriter> write) {
        try {
            append(buf, write);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** Runs {@code write} on this thread's writer, its output appended to {@code buf}; on failure {@code buf} is as it was. */
    private static void append(ByteBuf buf, java.util.function.Consumer<XmlWriter> write) {
        int mark = buf.writerIndex();
        ThreadWriter w = WRITERS.get();
        w.target = buf;
        try {
            write.accept(w.writer);
            w.writer.flush();
        } catch (RuntimeException e) {
            w.writer.reset();
            buf.writerIndex(mark);
            throw e;
        } finally {
            w.target = null;
        }
    }
}
