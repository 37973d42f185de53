package dev.parley.server.net;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens this node's outbound streams (to other servers, to a main server as its component) on its event loops. */
public interface Dialer {
    /**
     * Connects to {@code host:port} for a stream in {@code contentNamespace}, read no faster than
     * {@code bytesPerSecond}; completes with the connection once TCP is up (nothing is read until asked), or
     * exceptionally after {@code timeout}.
     */
    CompletableFuture<TcpConnection> dial(String host, int port, Duration timeout, String contentNamespace, long bytesPerSecond);
}
