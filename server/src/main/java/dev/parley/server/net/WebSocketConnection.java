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
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * A client connection over WebSocket (RFC 7395): one XML element per text frame, read with the protocol
 * module's {@link FrameParser}; every element we send is a standalone document in its own frame, so
 * stanzas declare {@code xmlns='jabber:client'} themselves (§3.3.3). After the handshake, reads are
 * driven by the session as for TCP.
 */
public final class WebSocketConnection extends ChannelConnection {
    private final boolean secure;
    private final FrameParser parser;
    private final Runnable onHandshake;

    /** {@code onHandshake} creates the session once the WebSocket handshake is done. */
    public WebSocketConnection(Channel channel, boolean secure, int maxStanzaBytes, Runnable onHandshake) {
        super(channel);
        this.secure = secure;
        this.parser = new FrameParser(XmlLimits.DEFAULTS.withMaxElementBytes(maxStanzaBytes));
        this.onHandshake = onHandshake;
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof WebSocketFrame frame) onFrame(frame);
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
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

    @Override
    public void close(StreamError error) {
        onLoop(() -> {
            if (!channel.isActive()) return;
            if (error != null) channel.write(frame(error.toElement()));
            channel.write(frame(StreamHeader.closeFrame()));
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
            closeSoonRegardless();
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
