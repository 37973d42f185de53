package dev.parley.protocol.xml;

/**
 * Where serialised bytes go: a Netty buffer, a socket, an array. {@link XmlWriter} writes to it in
 * chunks, never a byte at a time.
 */
@FunctionalInterface
public interface ByteSink {
    void write(byte[] bytes, int offset, int length);
}
