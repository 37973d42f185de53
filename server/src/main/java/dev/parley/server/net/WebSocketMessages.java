package dev.parley.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * Whole WebSocket messages from their fragments: RFC 6455 §5.4 lets a client send a message as a text frame without
 * FIN and continuation frames, and RFC 7395 §3.3.3 makes each XMPP element one message. The fragments together are
 * bounded by the largest stanza, as a single frame is by the protocol handler; past it the connection is closed with
 * status 1009, message too big (§7.4.1), as that handler closes it for one frame too large.
 */
final class WebSocketMessages extends WebSocketFrameAggregator {

    WebSocketMessages(int maxMessageBytes) {
        super(maxMessageBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame start) {
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG)).addListener(ChannelFutureListener.CLOSE);
    }
}
