package dev.parley.server.net;

import dev.parley.protocol.stream.FrameParser;
import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * A client connection over WebSocket (RFC 7395): one XML element per text frame, read with the protocol
 * module's {@link FrameParser}; every element we send is a standalone document in its own frame, so
 * stanzas declare {@code xmlns='jabber:client'} themselves (§3.3.3). After the handshake, reads are
 * driven by the session as for TCP.
 *
 * <p>Before the handshake there is no session, and so no {@code auth-timeout}: a connection that has not
 * completed its opening handshake (RFC 6455 §4) within {@code handshakeTimeout} is closed, and an HTTP request
 * for another path than the endpoint's is answered 404 Not Found and closed. Either would otherwise hold its
 * connection, one of {@code max-connections}, for as long as the client liked.
 */
public final class WebSocketConnection extends ChannelConnection {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebSocketConnection.class);
    private final boolean secure;
    private final FrameParser parser;
    private final Runnable onHandshake;
    private final java.time.Duration handshakeTimeout;
    private io.netty.util.concurrent.ScheduledFuture<?> handshakeDeadline;
    /** What the client may still send after our Close frame before the socket is closed anyway. Event loop only. */
    private int discardable;

    /** {@code onHandshake} creates the session once the WebSocket handshake is done. */
    public WebSocketConnection(Channel channel, boolean secure, int maxStanzaBytes, java.time.Duration handshakeTimeout, Runnable onHandshake) {
        super(channel);
        this.secure = secure;
        this.parser = new FrameParser(XmlLimits.DEFAULTS.withMaxElementBytes(maxStanzaBytes));
        this.handshakeTimeout = handshakeTimeout;
        this.onHandshake = onHandshake;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        handshakeDeadline = ctx.executor().schedule(() -> {
            log.debug("closing {}: no WebSocket handshake within {}", remoteAddress(), handshakeTimeout);
            ctx.close();
        }, handshakeTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeDeadline != null) handshakeDeadline.cancel(false); // gone before its handshake: nothing to wait for
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            if (handshakeDeadline != null) handshakeDeadline.cancel(false);
            channel.config().setAutoRead(false); // from now on the session drives reads
            onHandshake.run();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (outputClosed()) {
                // after our Close frame: dropped unparsed, until the client's Close frame (handled by Netty) ends it
                if (msg instanceof WebSocketFrame frame) discardable -= frame.content().readableBytes();
                if (discardable < 0) channel.close();
                return;
            }
            if (msg instanceof WebSocketFrame frame) onFrame(frame);
            else if (msg instanceof HttpRequest request) notFound(ctx, request);
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    /** A request the WebSocket handler left alone: not for the endpoint's path. */
    private void notFound(ChannelHandlerContext ctx, HttpRequest request) {
        log.debug("closing {}: HTTP request for {}, not the WebSocket endpoint", remoteAddress(), request.uri());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            ByteBuf content = text.content();
            byte[] bytes = ByteBufUtil.getBytes(content);
            tell(new ConnectionEvent.Inbound(this, parser.parse(bytes)));
        } else if (!(frame instanceof CloseWebSocketFrame)) {
            // RFC 7395 §3.2: data frames MUST be text; binary is not XMPP
            tell(new ConnectionEvent.Inbound(this, new dev.parley.protocol.stream.StreamEvent.Failed(
                    StreamError.of(StreamError.Condition.BAD_FORMAT, "binary frames are not allowed (RFC 7395 §3.2)"))));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (outputClosed()) {
            if (channel.isActive()) channel.read(); // the session asks for nothing more: read on to the client's Close
            return;
        }
        if (attached()) tell(new ConnectionEvent.ReadComplete(this));
    }

    private TextWebSocketFrame frame(Element e) {
        return new TextWebSocketFrame(encoder.encode(channel.alloc(), e, NamespaceScope.NONE));
    }

    @Override
    public void openStream(StreamHeader header, Element features) {
        onLoop(() -> {
            channel.write(frame(header.toOpenFrame()));
            channel.writeAndFlush(frame(features));
        });
    }

    @Override
    public void send(Element element) {
        enqueue(frame(element));
    }

    @Override
    public void send(dev.parley.protocol.stanza.PreparedStanza stanza, String to) {
        enqueue(new TextWebSocketFrame(encoder.encode(channel.alloc(), stanza, to, true)));
    }

    @Override
    public void startTls(Element proceed) {
        throw new UnsupportedOperationException("no STARTTLS over WebSocket (RFC 7395 §3.7)");
    }

    @Override
    public void restartStream() {
        // nothing to do: the next <open/> frame is the restart
    }

    @Override
    public void requestRead() {
        onLoop(this::readIfWritable);
    }

    /**
     * Closes the stream (RFC 7395 §3.6): the error if any, {@code <close/>}, then the WebSocket Close frame (RFC 6455
     * §5.5.1). The connection ends when the client answers with its own Close frame: Netty's protocol handler then
     * closes the socket, the server first (§7.1.1). Until then what the client still sends is read and dropped (at
     * most {@link TcpConnection#DISCARD_AFTER_CLOSE} bytes, within the grace of {@link #closeSoonRegardless}): a socket
     * closed while the client is still writing would answer with a reset, which can destroy the error before the
     * client reads it.
     */
    @Override
    public void close(StreamError error) {
        onLoop(() -> {
            if (!channel.isActive() || outputClosed()) return;
            if (error != null) channel.write(frame(error.toElement()));
            channel.write(frame(StreamHeader.closeFrame()));
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) channel.close();
            });
            closeOutput();
            discardable = TcpConnection.DISCARD_AFTER_CLOSE;
            closeSoonRegardless();
            channel.read();
        });
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public boolean isWebSocket() {
        return true;
    }
}
