package dev.parley.server.net;

import dev.parley.protocol.stream.StreamError;
import dev.parley.protocol.stream.StreamHeader;
import dev.parley.protocol.xml.Element;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One client connection as its session sees it: TCP (with STARTTLS or direct TLS) or WebSocket. Every
 * method may be called from any thread; the work happens on the connection's event loop. Outgoing
 * elements are serialised once, straight into the socket's buffer.
 */
public interface Connection {
    /** The actor that receives this connection's events from now on (a resumed session takes over). */
    void attach(ActorRef<ConnectionEvent> listener);

    /** Sends our stream header (or WebSocket {@code <open/>}) followed by the features element. */
    void openStream(StreamHeader header, Element features);

    /** Sends one top-level element. */
    void send(Element element);

    /** Sends one copy of a stanza prepared for a fan-out, addressed to {@code to}. */
    void send(dev.parley.protocol.stanza.PreparedStanza stanza, String to);

    /** Sends {@code <proceed/>}, then starts TLS and expects a new stream header (RFC 6120 §5.4.3.3). */
    void startTls(Element proceed);

    /** Expects a new stream header after the element just handled (SASL success, RFC 6120 §6.4.6). */
    void restartStream();

    /** Reads the next chunk from the socket when the session is ready for it (backpressure). */
    void requestRead();

    /** Sends the stream error if any, closes the stream and then the socket. */
    void close(StreamError error);

    boolean isSecure();

    /** True when STARTTLS is possible: TCP and not yet encrypted. */
    boolean canStartTls();

    boolean isLoopback();

    /** True for XMPP over WebSocket (RFC 7395). */
    boolean isWebSocket();

    /** Bytes written but not yet taken by the socket: what a client that does not read makes grow. */
    long queuedBytes();

    String remoteAddress();

    /** The client's IP address, or null when the transport has none. */
    java.net.InetAddress peerAddress();

    /** The Pekko dispatcher to run this connection's session on (its event loop's), or null for the default. */
    default String dispatcher() {
        return null;
    }
}
