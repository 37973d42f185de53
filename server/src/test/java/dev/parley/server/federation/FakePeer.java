package dev.parley.server.federation;

import dev.parley.protocol.s2s.Dialback;
import dev.parley.protocol.xml.Element;
import dev.parley.server.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote XMPP server played over raw sockets (no TLS; the node under test runs with parley.s2s.require-tls
 * off): it opens a stream to the node and authenticates by dialback (XEP-0220), and accepts the node's streams,
 * answering their dialback as Authoritative and as Receiving Server. Then it can vanish at once, its listener
 * with it, as a crashed server does.
 */
final class FakePeer implements AutoCloseable {
    final String domain;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    /** XEP-0288 offered on the streams the node opens to us; the last one made bidirectional and authenticated. */
    volatile boolean offerBidi;
    private volatile RawClient bidiStream;
    /** What the node sent us on its streams besides dialback (stanzas, stream errors), in order. */
    final java.util.concurrent.BlockingQueue<Element> received = new java.util.concurrent.LinkedBlockingQueue<>();

    FakePeer(String domain) throws IOException {
        this.domain = domain;
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fake-peer " + domain);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** A stream to {@code to} on the node at {@code port}, authenticated for our domain. */
    RawClient streamTo(int port, String to) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        RawClient c = new RawClient(s, "jabber:server");
        c.send(IncomingStreamErrorsTest.SERVER_HEADER + " from='" + domain + "' to='" + to + "'>");
        c.nextElement(); // features
        c.send("<db:result from='" + domain + "' to='" + to + "'>any-key-we-vouch-for</db:result>");
        Element result = c.nextElement();
        if (!result.is("result", Dialback.NAMESPACE) || !"valid".equals(result.attribute("type"))) {
            throw new AssertionError("not authenticated: " + result);
        }
        return c;
    }

    /** Streams the node opens to us: every key is valid, both as Authoritative Server and as Receiving Server. */
    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fake-peer stream");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (RawClient node = new RawClient(s, "jabber:server")) {
            s.setSoTimeout(0);
            var header = node.next();
            String to = header instanceof dev.parley.protocol.stream.StreamEvent.Opened o ? o.header().from() : "";
            node.send(IncomingStreamErrorsTest.SERVER_HEADER + " from='" + domain + "' to='" + to + "' id='fake-" + System.nanoTime() + "'>"
                    + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/>"
                    + (offerBidi ? "<bidi xmlns='urn:xmpp:features:bidi'/>" : "") + "</stream:features>");
            boolean bidi = false;
            while (true) {
                Element e = node.nextElement();
                if (e.is("bidi", "urn:xmpp:bidi")) {
                    bidi = true;
                } else if (e.is("verify", Dialback.NAMESPACE)) {
                    node.send("<db:verify from='" + domain + "' to='" + e.attribute("from") + "' id='" + e.attribute("id") + "' type='valid'/>");
                } else if (e.is("result", Dialback.NAMESPACE)) {
                    node.send("<db:result from='" + domain + "' to='" + e.attribute("from") + "' type='valid'/>");
                    if (bidi) bidiStream = node;
                } else {
                    received.add(e);
                }
            }
        } catch (Exception | AssertionError gone) {
            // the stream ended
        }
    }

    /** The node's stream to us, once bidirectional and authenticated (XEP-0288): we may send back on it. */
    RawClient awaitBidiStream() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (bidiStream == null && System.nanoTime() < deadline) Thread.sleep(10);
        if (bidiStream == null) throw new AssertionError("no bidirectional stream from the node");
        return bidiStream;
    }

    /** Gone at once: every stream and the listener closed, nothing said. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) s.close();
    }
}
