package dev.parley.server.net;

import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection over TCP: the last handler of the pipeline. Frames bytes into stream events with
 * the protocol module's {@link StreamParser} (on the event loop) and hands them to the session actor;
 * writes what the session sends. {@code AUTO_READ} is off: the next chunk is read only when the session
 * asks, and no sooner than the inbound shaper allows.
 */
public final class TcpConnection extends ChannelConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    static final NamespaceScope STREAM_SCOPE = new NamespaceScope(Namespaces.JABBER_CLIENT, "stream", StreamHeader.STREAMS_NAMESPACE);
    private static final String TLS_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-tls";

    private final SslContext sslContext;
    private final StreamParser parser;
    /** The stream's content namespace: jabber:client, or jabber:server / jabber:component:accept between servers. */
    private final String contentNamespace;
    private final long bytesPerSecond;
    private volatile boolean secure;
    /** After {@code <starttls/>}: anything more in plaintext is dropped (no command injection). */
    private boolean tlsPending;
    private boolean readScheduled;
    private double tokens;
    private long lastRefill = System.nanoTime();
    /**
     * Once the stream is closed ({@link #close}): how many more bytes of the peer's may be read and dropped while
     * it finishes what it was sending. Event loop only.
     */
    private int discardable;

    /**
     * What a peer may still send after our closing tag, read and dropped (the stream is void), before the socket is
     * closed on it anyway: one stanza at the largest size the default limits allow, and more.
     */
    static final int DISCARD_AFTER_CLOSE = 1024 * 1024;

    public TcpConnection(Channel channel, SslContext sslContext, boolean directTls, int maxStanzaBytes, long bytesPerSecond) {
        this(channel, sslContext, directTls, maxStanzaBytes, bytesPerSecond, Namespaces.JABBER_CLIENT);
    }

    /**
     * A stream in {@code contentNamespace}: a server-to-server stream (jabber:server, RFC 6120) or a component's
     * (jabber:component:accept, XEP-0114, whose headers carry no version). Stanzas are written as for clients,
     * without a namespace of their own: they take the stream's (RFC 6120 §4.8.3).
     */
    public TcpConnection(Channel channel, SslContext sslContext, boolean directTls, int maxStanzaBytes, long bytesPerSecond, String contentNamespace) {
        super(channel);
        this.sslContext = sslContext;
        this.secure = directTls;
        this.contentNamespace = contentNamespace;
        this.parser = new StreamParser(XmlLimits.DEFAULTS.withMaxElementBytes(maxStanzaBytes), Set.of(contentNamespace),
                contentNamespace.equals(Namespaces.JABBER_COMPONENT_ACCEPT));
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
    }

    // --- inbound (event loop) ---------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            int n = buf.readableBytes();
            if (outputClosed()) {
                discard(n);
                return;
            }
            tokens -= n;
            if (tlsPending) return;
            parser.feed(buf.nioBuffer(), this::onEvent);
        } finally {
            buf.release();
        }
    }

    private void onEvent(StreamEvent event) {
        if (tlsPending) return;
        if (event instanceof StreamEvent.ElementReceived r && r.element().is("starttls", TLS_NAMESPACE)) {
            tlsPending = true;
        }
        tell(new ConnectionEvent.Inbound(this, event));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (outputClosed()) return; // the session asks for nothing more
        tell(new ConnectionEvent.ReadComplete(this));
    }

    /**
     * What the peer sent after our closing tag: dropped unparsed, and the next chunk read at once, so that the peer
     * can finish writing and read our stream error, until it closes its side (Netty then closes the channel) or has
     * sent more than {@link #DISCARD_AFTER_CLOSE}.
     */
    private void discard(int n) {
        discardable -= n;
        if (discardable < 0) channel.close();
        else channel.read();
    }

    // --- what the session asks ------------------------------------------------------------------------

    @Override
    public void openStream(StreamHeader header, Element features) {
        onLoop(() -> {
            byte[] opening = contentNamespace.equals(Namespaces.JABBER_SERVER) ? header.toServerStreamOpening() : header.toStreamOpening();
            if (features == null) { // the initiating side of a stream between servers: the header alone
                channel.writeAndFlush(Unpooled.wrappedBuffer(opening));
                return;
            }
            channel.write(Unpooled.wrappedBuffer(opening));
            channel.writeAndFlush(encoder.encode(channel.alloc(), features, STREAM_SCOPE));
        });
    }

    /**
     * The initiating side of STARTTLS (RFC 6120 §5.4.3.3), once the peer said {@code <proceed/>}: TLS as a client of
     * {@code peerDomain} (its name sent as SNI), then the parser expects the peer's new header. What is written after
     * this call waits for the handshake.
     */
    public void startClientTls(SslContext clientContext, String peerDomain, int port) {
        onLoop(() -> {
            channel.pipeline().addFirst("tls", clientContext.newHandler(channel.alloc(), peerDomain, port));
            secure = true;
            parser.restart();
            channel.read();
        });
    }

    /** The certificates the peer presented in the TLS handshake, its own first; empty when none (or no TLS). */
    public java.security.cert.Certificate[] peerCertificates() {
        io.netty.handler.ssl.SslHandler tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (tls == null) return new java.security.cert.Certificate[0];
        try {
            return tls.engine().getSession().getPeerCertificates();
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return new java.security.cert.Certificate[0];
        }
    }

    @Override
    public void send(Element element) {
        ByteBuf into = gatherBuffer(256);
        if (into != null) encoder.encodeInto(into, element, STREAM_SCOPE);
        else enqueue(encoder.encode(channel.alloc(), element, STREAM_SCOPE));
    }

    @Override
    public void send(dev.parley.protocol.stanza.PreparedStanza stanza, String to) {
        ByteBuf into = gatherBuffer(stanza.size() + to.length() + 32);
        if (into != null) encoder.encodeInto(into, stanza, to);
        else enqueue(encoder.encode(channel.alloc(), stanza, to, false));
    }

    @Override
    public void startTls(Element proceed) {
        ByteBuf bytes = encoder.encode(channel.alloc(), proceed, STREAM_SCOPE);
        onLoop(() -> channel.writeAndFlush(bytes).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                channel.close();
                return;
            }
            channel.pipeline().addFirst("tls", sslContext.newHandler(channel.alloc()));
            secure = true;
            parser.restart();
            tlsPending = false;
            channel.read();
        }));
    }

    @Override
    public void restartStream() {
        onLoop(parser::restart);
    }

    @Override
    public void requestRead() {
        onLoop(this::readWhenAllowed);
    }

    private void readWhenAllowed() {
        if (tlsPending || readScheduled || outputClosed() || !channel.isActive()) return;
        long now = System.nanoTime();
        tokens = Math.min(bytesPerSecond, tokens + bytesPerSecond * ((now - lastRefill) / 1e9));
        lastRefill = now;
        if (tokens >= 0) {
            readIfWritable();
            return;
        }
        // Over the inbound rate: read again once the bucket has refilled (the shaper).
        long delayNanos = (long) (-tokens / bytesPerSecond * 1e9);
        readScheduled = true;
        channel.eventLoop().schedule(() -> {
            readScheduled = false;
            readWhenAllowed();
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the stream as RFC 6120 §4.4 asks of the side that closes it: the error if any, our closing tag, then
     * nothing more written (TLS: close_notify, §4.4's security warning; then TCP's half close), while what the peer
     * still sends is read and dropped until it closes its side. Closing the socket at once would reset the
     * connection of a peer still writing (TCP answers unread data with RST), and a reset throws away the stream
     * error before the peer reads it. The socket is closed after a short grace whatever happens.
     */
    @Override
    public void close(StreamError error) {
        if (error != null) log.debug("closing {} with stream error {}: {}", remoteAddress(), error.condition().elementName(), error.text());
        onLoop(() -> {
            if (!channel.isActive() || outputClosed()) return;
            if (error != null) channel.write(encoder.encode(channel.alloc(), error.toElement(), STREAM_SCOPE));
            channel.writeAndFlush(Unpooled.wrappedBuffer(StreamHeader.streamClosing())).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) endOutput();
                else channel.close();
            });
            closeOutput();
            discardable = DISCARD_AFTER_CLOSE;
            closeSoonRegardless();
            channel.read();
        });
    }

    /** After the closing tag: TLS's close_notify if TLS is on, then the TCP half close (the peer reads the end of its input). */
    private void endOutput() {
        io.netty.handler.ssl.SslHandler tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (tls == null) {
            shutdownOutput();
            return;
        }
        tls.closeOutbound().addListener(f -> shutdownOutput());
    }

    private void shutdownOutput() {
        if (channel instanceof io.netty.channel.socket.DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput().addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) channel.close();
            });
        } else {
            channel.close();
        }
    }

    /** Before the session exists (too many connections): our header, the error, the close. */
    static void refuse(Channel channel, String domain, StreamError error) {
        StreamHeader header = new StreamHeader(null, domain, null, "1.0", "en", Namespaces.JABBER_CLIENT);
        ElementEncoder e = ElementEncoder.SHARED;
        channel.write(Unpooled.wrappedBuffer(header.toStreamOpening()));
        channel.write(e.encode(channel.alloc(), error.toElement(), STREAM_SCOPE));
        channel.writeAndFlush(Unpooled.copiedBuffer("</stream:stream>", StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean canStartTls() {
        return !secure && sslContext != null;
    }

    @Override
    public boolean isWebSocket() {
        return false;
    }
}
