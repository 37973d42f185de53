package dev.parley.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the TCP and WebSocket connections share: the channel, the listening session, the encoder. */
abstract class ChannelConnection extends ChannelInboundHandlerAdapter implements Connection {
    private static final Logger log = LoggerFactory.getLogger(ChannelConnection.class);

    protected final Channel channel;
    protected final ElementEncoder encoder = ElementEncoder.SHARED;
    private volatile ActorRef<ConnectionEvent> listener;

    ChannelConnection(Channel channel) {
        this.channel = channel;
    }

    @Override
    public final void attach(ActorRef<ConnectionEvent> newListener) {
        this.listener = newListener;
    }

    /**
     * What the session asked of the socket and the event loop has not done yet, in order: encoded stanzas,
     * and tasks ({@link #onLoop}: open a stream, start TLS, close). Many producers, the loop consumes. A
     * linked queue: it mostly holds nothing, since what the session writes on its loop is gathered instead
     * ({@link #gatherBuffer}), and Netty's array queue costs 4.6 KB a connection (a 1,024-slot chunk and a
     * padded header; docs/footprint.md).
     */
    private final java.util.Queue<Object> outbound = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drain = this::drainOutbound;

    /**
     * Queues one encoded stanza for the client. Whatever arrives before the event loop gets to it goes out
     * in one flush: a session that receives a burst (a busy room) costs one task and one syscall for many
     * stanzas rather than one each. Stanzas and tasks share the one queue, so they happen in the order asked.
     */
    protected final void enqueue(Object encoded) {
        outbound.offer(encoded);
        scheduleDrain();
    }

    /** Runs {@code task} on the channel's event loop, after everything asked before it; when the node is shutting down there is nothing to do. */
    protected final void onLoop(Runnable task) {
        outbound.offer(task);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!drainScheduled.compareAndSet(false, true)) return;
        try {
            channel.eventLoop().execute(drain);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the event loops are gone: so is the socket
            for (Object m; (m = outbound.poll()) != null; ) io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    /**
     * What the session, running on this connection's event loop (LoopDispatchers), encoded since the last drain:
     * one buffer for all of it, written in one piece by the next drain. Event loop only.
     */
    private io.netty.buffer.ByteBuf gathered;
    /** Past this, a gathered buffer is written and a new one begun (a long welcome is not one huge buffer). */
    static final int GATHER_LIMIT = 64 * 1024;

    /**
     * The buffer to encode the next stanza into, at its end, when the caller is the event loop and nothing is
     * waiting in the queue (which would otherwise be overtaken); else null, and the caller encodes into a
     * buffer of its own and {@link #enqueue}s it. Stanzas a session sends in one turn of the loop (a welcome,
     * a burst of deliveries) then cost one buffer, one write and one flush, not one each.
     */
    protected final io.netty.buffer.ByteBuf gatherBuffer(int sizeHint) {
        if (!channel.eventLoop().inEventLoop() || !outbound.isEmpty() || outputClosed) return null;
        if (gathered != null && gathered.readableBytes() >= GATHER_LIMIT) {
            io.netty.buffer.ByteBuf full = gathered;
            gathered = null; // first: a write may run the loop's pending tasks (the drain) before it returns
            channel.write(full, channel.voidPromise());
        }
        if (gathered == null) {
            gathered = channel.alloc().buffer(Math.max(sizeHint, 512));
            scheduleDrain();
        }
        return gathered;
    }

    /**
     * Set when the stream has been closed on our side (the closing tag is written or on its way): whatever is sent
     * after it is dropped (RFC 6120 §4.4: "refrain from sending any further data"). Event loop only.
     */
    private boolean outputClosed;

    /** From now on nothing more is written: what the session still sends is dropped. Event loop only. */
    protected final void closeOutput() {
        outputClosed = true;
    }

    /** Whether {@link #closeOutput} was called. Event loop only. */
    protected final boolean outputClosed() {
        return outputClosed;
    }

    private void drainOutbound() {
        // Cleared before polling: what is offered from now on is either polled below or schedules a new drain.
        drainScheduled.set(false);
        boolean written = false;
        if (gathered != null) {
            // all of it was encoded before anything now in the queue was offered (see gatherBuffer)
            io.netty.buffer.ByteBuf all = gathered;
            gathered = null;
            channel.write(all, channel.voidPromise());
            written = true;
        }
        for (Object m; (m = outbound.poll()) != null; ) {
            if (m instanceof Runnable task) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("connection task failed for {}", remoteAddress(), e);
                }
            } else if (outputClosed) {
                io.netty.util.ReferenceCountUtil.release(m);
            } else {
                channel.write(m, channel.voidPromise());
                written = true;
            }
        }
        if (written) channel.flush();
    }

    protected final boolean attached() {
        return listener != null;
    }

    protected final void tell(ConnectionEvent e) {
        ActorRef<ConnectionEvent> l = listener;
        if (l != null) l.tell(e);
    }

    /** A read the session asked for while the channel was over its high water mark. */
    private boolean readWaitingForWritability;

    /**
     * Reads the next chunk, unless the output to this client is over the write-buffer high water mark: a
     * client that does not read what we send gets no more of its input read (it could only make the
     * backlog grow) until the output falls under the low mark. Event loop only.
     */
    protected final void readIfWritable() {
        if (!channel.isActive()) return;
        if (!channel.isWritable()) {
            readWaitingForWritability = true;
            return;
        }
        channel.read();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && readWaitingForWritability) {
            readWaitingForWritability = false;
            channel.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        tell(new ConnectionEvent.Closed(this));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed: {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * A closing stream waits for its last bytes to be written, but a peer that does not read never lets
     * them be: the socket is closed after a short grace whatever happens.
     */
    protected final void closeSoonRegardless() {
        try {
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) channel.close();
            }, 2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            channel.close();
        }
    }

    @Override
    public final boolean isLoopback() {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress();
    }

    @Override
    public final long queuedBytes() {
        var out = channel.unsafe().outboundBuffer();
        io.netty.buffer.ByteBuf g = channel.eventLoop().inEventLoop() ? gathered : null;
        return (out == null ? 0 : out.totalPendingWriteBytes()) + (g == null ? 0 : g.readableBytes());
    }

    @Override
    public final String dispatcher() {
        return LoopDispatchers.dispatcherOf(channel.eventLoop());
    }

    @Override
    public final java.net.InetAddress peerAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    @Override
    public final String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }
}
