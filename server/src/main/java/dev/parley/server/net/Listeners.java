package dev.parley.server.net;

import dev.parley.protocol.stream.StreamError;
import dev.parley.server.Guardian;
import dev.parley.server.ServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's listeners: client-to-server TCP with STARTTLS, direct TLS (XEP-0368) and WebSocket
 * (RFC 7395). Each pipeline is assembled here, in one readable order; each accepted connection gets a
 * session actor from the guardian.
 */
public final class Listeners implements AutoCloseable, Dialer {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    static final String TLS = "tls";
    static final String XMPP = "xmpp";

    private final ServerSettings settings;
    private final SslContext ssl;
    private final ActorRef<Guardian.Command> guardian;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> servers = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    /** parley.c2s.connections-per-address: how often one address may connect to this node. */
    private final AddressLimit perAddress;
    private int c2sPort = -1;
    private int directTlsPort = -1;
    private int websocketPort = -1;

    private final String loopsKey;

    /** {@code loopsKey}: the key under which the client loops are registered as the sessions' dispatchers ({@link LoopDispatchers}). */
    public Listeners(ServerSettings settings, SslContext ssl, ActorRef<Guardian.Command> guardian, String loopsKey) {
        this.settings = settings;
        this.ssl = ssl;
        this.guardian = guardian;
        boolean epoll = Epoll.isAvailable();
        this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(settings.eventLoops(), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loopsKey = loopsKey;
        this.perAddress = new AddressLimit(settings.connectionsPerAddress(), settings.connectionsPerAddressPeriod(), settings.addressLimitsExemptLoopback());
        LoopDispatchers.register(loopsKey, workers);
    }

    public void start() throws InterruptedException {
        if (settings.c2sPort() >= 0) c2sPort = bind(settings.c2sPort(), tcp(false), "client (STARTTLS)");
        if (settings.directTlsPort() >= 0) directTlsPort = bind(settings.directTlsPort(), tcp(true), "client (direct TLS)");
        if (settings.websocketPort() >= 0) websocketPort = bind(settings.websocketPort(), websocket(), "WebSocket " + settings.websocketPath());
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int directTlsPort() {
        return directTlsPort;
    }

    public int websocketPort() {
        return websocketPort;
    }

    public int openConnections() {
        return open.get();
    }

    private int bind(int port, ChannelInitializer<SocketChannel> init, String what) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(init);
        ChannelFuture bound = b.bind(new InetSocketAddress(settings.bindAddress(), port)).await();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen for " + what + " on " + settings.bindAddress() + ":" + port + ": " + bound.cause().getMessage(), bound.cause());
        }
        Channel ch = bound.channel();
        servers.add(ch);
        int actual = ((InetSocketAddress) ch.localAddress()).getPort();
        log.info("Listening for {} on {}:{}", what, settings.bindAddress(), actual);
        return actual;
    }

    private ChannelInitializer<SocketChannel> tcp(boolean directTls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!admit(ch)) return;
                if (directTls) ch.pipeline().addLast(TLS, ssl.newHandler(ch.alloc()));
                TcpConnection connection = new TcpConnection(ch, ssl, directTls, settings.maxStanzaBytes(), settings.maxInboundBytesPerSecond());
                ch.pipeline().addLast(XMPP, connection);
                guardian.tell(new Guardian.SpawnSession(connection));
            }
        };
    }

    private ChannelInitializer<SocketChannel> websocket() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!admit(ch)) return;
                ch.config().setAutoRead(true); // the HTTP upgrade; the session drives reads afterwards
                WebSocketConnection[] holder = new WebSocketConnection[1];
                holder[0] = new WebSocketConnection(ch, false, settings.maxStanzaBytes(), settings.websocketHandshakeTimeout(), () -> guardian.tell(new Guardian.SpawnSession(holder[0])));
                ch.pipeline()
                        .addLast("http", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(8192))
                        .addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath(settings.websocketPath())
                                .subprotocols("xmpp")
                                .maxFramePayloadLength(settings.maxStanzaBytes())
                                .checkStartsWith(false)
                                .build()))
                        // RFC 6455 §5.4: a message may come in fragments; an element is a whole message (RFC 7395 §3.3.3)
                        .addLast("fragments", new WebSocketMessages(settings.maxStanzaBytes()))
                        .addLast(XMPP, holder[0]);
            }
        };
    }

    @Override
    public java.util.concurrent.CompletableFuture<TcpConnection> dial(String host, int port, java.time.Duration timeout, String contentNamespace,
            long bytesPerSecond) {
        java.util.concurrent.CompletableFuture<TcpConnection> done = new java.util.concurrent.CompletableFuture<>();
        TcpConnection[] made = new TcpConnection[1];
        io.netty.bootstrap.Bootstrap b = new io.netty.bootstrap.Bootstrap()
                .group(workers)
                .channel(Epoll.isAvailable() ? io.netty.channel.epoll.EpollSocketChannel.class : io.netty.channel.socket.nio.NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        made[0] = new TcpConnection(ch, null, false, settings.maxStanzaBytes(), bytesPerSecond, contentNamespace);
                        ch.pipeline().addLast(XMPP, made[0]);
                    }
                });
        try {
            b.connect(host, port).addListener((io.netty.channel.ChannelFutureListener) f -> {
                if (f.isSuccess()) done.complete(made[0]);
                else done.completeExceptionally(f.cause());
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Also accepts streams from other servers on {@code port} (RFC 6120), each given to {@code spawn} for its actor;
     * {@code bytesPerSecond}: each one's inbound shaper.
     */
    public int startServerToServer(int port, SslContext s2sSsl, long bytesPerSecond, java.util.function.Consumer<TcpConnection> spawn)
            throws InterruptedException {
        s2sPort = bind(port, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (open.incrementAndGet() > settings.maxConnections()) {
                    open.decrementAndGet();
                    ch.close();
                    return;
                }
                ch.closeFuture().addListener(f -> open.decrementAndGet());
                TcpConnection connection = new TcpConnection(ch, s2sSsl, false, settings.maxStanzaBytes(), bytesPerSecond,
                        dev.parley.protocol.xml.Namespaces.JABBER_SERVER);
                ch.pipeline().addLast(XMPP, connection);
                spawn.accept(connection);
            }
        }, "server-to-server (STARTTLS)");
        return s2sPort;
    }

    private int s2sPort = -1;

    public int s2sPort() {
        return s2sPort;
    }

    /**
     * Counts the connection against max-connections (over it: resource-constraint) and against its address's
     * connections-per-address (over it: policy-violation, RFC 6120 §4.9.3.14); a refused connection gets our
     * header, the error and the close.
     */
    private boolean admit(SocketChannel ch) {
        java.net.InetSocketAddress remote = ch.remoteAddress();
        if (!perAddress.tryAcquire(remote == null ? null : remote.getAddress(), System.nanoTime())) {
            TcpConnection.refuse(ch, settings.domain(), StreamError.of(StreamError.Condition.POLICY_VIOLATION, "too many connections from your address; try again later"));
            return false;
        }
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            TcpConnection.refuse(ch, settings.domain(), StreamError.of(StreamError.Condition.RESOURCE_CONSTRAINT, "too many connections"));
            return false;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    /** Accepts no new connections; those open stay open (the rooms tell their occupants they close, §11.2). */
    public void stopAccepting() {
        for (Channel c : servers) c.close().syncUninterruptibly();
    }

    /**
     * Closes every connection at once, without a closing word: this node was downed (or fenced itself) and must
     * stop serving before it shuts down. The clients reconnect to another node.
     */
    public void closeAllNow() {
        stopAccepting();
        workers.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stopAccepting();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        LoopDispatchers.unregister(loopsKey);
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
