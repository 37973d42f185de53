package dev.parley.server.net;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Serialises elements straight into Netty buffers: one {@link XmlWriter} per connection, its chunks copied
 * into a buffer from the channel's allocator. Not thread-safe: a connection serialises under its own lock.
 */
final class ElementEncoder {
    private ByteBuf target;
    private final XmlWriter writer = new XmlWriter((b, off, len) -> target.writeBytes(b, off, len), 2048);

    /** One copy of a prepared stanza: no serialisation, three byte copies and the escaped 'to'. */
    synchronized ByteBuf encode(ByteBufAllocator alloc, dev.parley.protocol.stanza.PreparedStanza stanza, String to, boolean standalone) {
        ByteBuf buf = alloc.buffer(stanza.size() + to.length() + 32);
        target = buf;
        try {
            stanza.writeTo(writer, to, standalone);
            writer.flush();
        } catch (RuntimeException e) {
            writer.reset();
            buf.release();
            throw e;
        } finally {
            target = null;
        }
        return buf;
    }

    synchronized ByteBuf encode(ByteBufAllocator alloc, Element element, NamespaceScope scope) {
        ByteBuf buf = alloc.buffer(256);
        target = buf;
        try {
            writer.write(element, scope);
            writer.flush();
        } catch (RuntimeException e) {
            writer.reset();
            buf.release();
            throw e;
        } finally {
            target = null;
        }
        return buf;
    }
}
