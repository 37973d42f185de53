package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Before its opening handshake (RFC 6455 §4) a WebSocket connection has no XMPP stream, so no session and no
 * auth-timeout: the listener itself must not let it hold its connection. A request for another path than the
 * endpoint's gets 404 Not Found and the connection closes; a connection that never completes the handshake is
 * closed after {@code parley.c2s.websocket-handshake-timeout}. Both used to stay open for as long as the client
 * liked (Smack's implicit endpoint, ws://localhost:5280/ws, waited on a Parley there until its own timeout).
 */
class WebSocketHandshakeTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of("parley.c2s.websocket-handshake-timeout", "300ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    /** Everything the server sends until it closes the connection (a read timeout fails the test: still open). */
    private static String untilClosed(Socket s) throws Exception {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String upgrade(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n";
    }

    @Test
    void aRequestForAnotherPathIsNotFoundAndClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fixture.node.websocketPort())) {
            s.getOutputStream().write(upgrade("/ws").getBytes(StandardCharsets.ISO_8859_1));
            String answer = untilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void aConnectionThatNeverCompletesTheHandshakeIsClosed() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", fixture.node.websocketPort());
                Socket halfway = new Socket("127.0.0.1", fixture.node.websocketPort())) {
            halfway.getOutputStream().write("GET /xmpp-websocket HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(silent)).isEmpty();
            assertThat(untilClosed(halfway)).isEmpty();
        }
    }

    @Test
    void theEndpointStillUpgradesAndItsStreamOpens_RFC7395() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fixture.node.websocketPort())) {
            s.getOutputStream().write(upgrade("/xmpp-websocket").getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(20_000);
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            String head = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n").containsIgnoringCase("sec-websocket-protocol: xmpp");
            // past the handshake the deadline no longer applies: the connection is the session's, open after it
            Thread.sleep(600);
            byte[] payload = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) 0x81; // FIN, text
            frame[1] = (byte) (0x80 | payload.length); // masked, as a client's frames are (RFC 6455 §5.3)
            byte[] mask = {1, 2, 3, 4};
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
            s.getOutputStream().write(frame);
            n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).contains("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
        }
    }
}
