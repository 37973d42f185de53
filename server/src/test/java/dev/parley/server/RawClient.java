package dev.parley.server;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A bare-socket XMPP client for tests that need to send exactly what a test says (hostile input,
 * SCRAM-SHA-256, a client that stops reading). It reads the server's stream with our own StreamParser.
 */
public final class RawClient implements AutoCloseable {
    static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StreamParser parser;
    private final ArrayDeque<StreamEvent> events = new ArrayDeque<>();

    public RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port), "jabber:client");
    }

    /** A raw stream in {@code contentNamespace} (jabber:server for a peer server) over {@code socket}, ours or accepted. */
    public RawClient(Socket socket, String contentNamespace) throws IOException {
        this.socket = socket;
        this.parser = new StreamParser(XmlLimits.DEFAULTS.withMaxElementBytes(4 << 20), Set.of(contentNamespace));
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void send(String xml) throws IOException {
        send(xml.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next event from the server; null when the server closed the socket. */
    public StreamEvent next() throws IOException {
        byte[] buf = new byte[8192];
        while (events.isEmpty()) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server said nothing for 5 s");
            }
            if (n < 0) return null;
            parser.feed(buf, 0, n, events::add);
        }
        return events.poll();
    }

    /** Skips to the next element; fails on anything else. */
    public Element nextElement() throws IOException {
        StreamEvent e;
        do {
            e = next();
            if (e == null) throw new AssertionError("closed by the server");
        } while (e instanceof StreamEvent.Opened);
        if (e instanceof StreamEvent.ElementReceived r) return r.element();
        throw new AssertionError("expected an element, got " + e);
    }

    /** Skips to the next element with this id (the answer to a request), skipping everything before it. */
    public Element answerTo(String id) throws IOException {
        Element e;
        do {
            e = nextElement();
        } while (!id.equals(e.attribute("id")));
        return e;
    }

    /** Skips to the next element with this local name (presence, message, iq). */
    public Element nextNamed(String name) throws IOException {
        Element e;
        do {
            e = nextElement();
        } while (!e.name().equals(name));
        return e;
    }

    /** True when the server closes the socket (after anything else it still sends). */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                StreamEvent e = next();
                if (e == null) return true;
            }
        } catch (IOException | AssertionError e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** Opens the stream and returns the features. */
    /** STARTTLS (trusting {@code trust}), then SASL PLAIN (offered over TLS only) and a bound resource. */
    public void login(javax.net.ssl.X509TrustManager trust, String user, String password) throws Exception {
        open();
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        startTls(tls);
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "</auth>");
        Element success = nextElement();
        if (!success.name().equals("success")) throw new AssertionError("not logged in: " + success);
        restart();
        send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        answerTo("b");
    }

    Element open() throws IOException {
        send(HEADER);
        StreamEvent e = next();
        if (!(e instanceof StreamEvent.Opened)) throw new AssertionError("expected the stream header, got " + e);
        return nextElement();
    }

    /** STARTTLS (RFC 6120 §5) and the new stream; returns the new features. */
    Element startTls(SSLContext tls) throws IOException {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Element proceed = nextElement();
        if (!proceed.name().equals("proceed")) throw new AssertionError("expected proceed, got " + proceed);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        parser.restart();
        return open();
    }

    /** After SASL success: the restarted stream's features. */
    Element restart() throws IOException {
        parser.restart();
        return open();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
