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
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection over WebSocket (RFC 7395): one XML element per text frame, read with the protocol
 * module's {@link FrameParser}; every element we send is a standalone document in its own frame, so
 * stanzas declare {@code xmlns='jabber:client'} themselves (§3.3.3). After the handshake, reads are
 * driven by the session as for TCP.
 */
public final class WebSocketConnection extends SimpleChannelInboundHandler<WebSocketFrame> implements Connection {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

    private final Channel channel;
    private final boolean secure;
    private final FrameParser parser;
    private final ElementEncoder encoder = new ElementEncoder();
    private final Runnable onHandshake;
    private volatile ActorRef<ConnectionEvent> listener;

    /** {@code onHandshake} creates the session once the WebSocket handshake is done. */
    public WebSocketConnection(Channel channel, boolean secure, int maxStanzaBytes, Runnable onHandshake) {
        this.channel = channel;
        this.secure = secure;
        this.parser = new FrameParser(XmlLimits.DEFAULTS.withMaxElementBytes(maxStanzaBytes));
        this.onHandshake = onHandshake;
    }

    @Override
    public void attach(ActorRef<ConnectionEvent> newListener) {
        this.listener = newListener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            channel.config().setAutoRead(false); // from now on the session drives reads
            onHandshake.run();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
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
        if (listener != null) tell(new ConnectionEvent.ReadComplete(this));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        tell(new ConnectionEvent.Closed(this));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("websocket {} failed: {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    private void tell(ConnectionEvent e) {
        ActorRef<ConnectionEvent> l = listener;
        if (l != null) l.tell(e);
    }

    private TextWebSocketFrame frame(Element e) {
        return new TextWebSocketFrame(encoder.encode(channel.alloc(), e, NamespaceScope.NONE));
    }

    @Override
    public void openStream(StreamHeader header, Element features) {
        channel.eventLoop().execute(() -> {
            channel.write(frame(header.toOpenFrame()));
            channel.writeAndFlush(frame(features));
        });
    }

    @Override
    public void send(Element element) {
        channel.writeAndFlush(frame(element), channel.voidPromise());
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
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) channel.read();
        });
    }

    @Override
    public void close(StreamError error) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) return;
            if (error != null) channel.write(frame(error.toElement()));
            channel.write(frame(StreamHeader.closeFrame()));
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            TcpConnection.closeSoonRegardless(channel);
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
    public boolean isLoopback() {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress();
    }

    @Override
    public boolean isWebSocket() {
        return true;
    }

    @Override
    public long queuedBytes() {
        var out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }
}
