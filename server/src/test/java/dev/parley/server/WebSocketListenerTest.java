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
 * The WebSocket listener below the XMPP stream (RFC 6455). Fragmented messages are whole elements (§5.4, RFC 7395
 * §3.3.3), bounded together by the largest stanza.
 *
 * <p>Before its opening handshake (RFC 6455 §4) a WebSocket connection has no XMPP stream, so no session and no
 * auth-timeout: the listener itself must not let it hold its connection. A request for another path than the
 * endpoint's gets 404 Not Found and the connection closes; a connection that never completes the handshake is
 * closed after {@code parley.c2s.websocket-handshake-timeout}. Both used to stay open for as long as the client
 * liked (Smack's implicit endpoint, ws://localhost:5280/ws, waited on a Parley there until its own timeout).
 */
class WebSocketListenerTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of("parley.c2s.websocket-handshake-timeout", "300ms", "parley.c2s.max-stanza-bytes", 10_000));
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

    /** RFC 6455 §4.2 (server-side requirements): a service the request does not name gets an HTTP error such as 404. */
    @Test
    void aRequestForAnotherPathIsNotFoundAndClosed_RFC6455_4_2() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fixture.node.websocketPort())) {
            s.getOutputStream().write(upgrade("/ws").getBytes(StandardCharsets.ISO_8859_1));
            String answer = untilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void aConnectionThatNeverCompletesTheHandshakeIsClosed_RFC6455_4_2() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", fixture.node.websocketPort());
                Socket halfway = new Socket("127.0.0.1", fixture.node.websocketPort())) {
            halfway.getOutputStream().write("GET /xmpp-websocket HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(silent)).isEmpty();
            assertThat(untilClosed(halfway)).isEmpty();
        }
    }

    /** A client's frame: masked, as RFC 6455 §5.3 requires of a client; {@code opcode} 1 text, 0 continuation. */
    private static byte[] frame(int opcode, boolean fin, byte[] payload) {
        if (payload.length > 65535) throw new IllegalArgumentException("frames of 16-bit lengths only");
        int lengthBytes = payload.length > 125 ? 2 : 0;
        byte[] frame = new byte[2 + lengthBytes + 4 + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2 + lengthBytes, 4);
        for (int i = 0; i < payload.length; i++) frame[6 + lengthBytes + i] = (byte) (payload[i] ^ mask[i % 4]);
        return frame;
    }

    private static Socket upgraded() throws Exception {
        Socket s = new Socket("127.0.0.1", fixture.node.websocketPort());
        s.getOutputStream().write(upgrade("/xmpp-websocket").getBytes(StandardCharsets.ISO_8859_1));
        s.setSoTimeout(20_000);
        byte[] buf = new byte[4096];
        int n = s.getInputStream().read(buf);
        assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        return s;
    }

    /**
     * RFC 7395 §3.3.3: each element is its own WebSocket message, and RFC 6455 §5.4 lets a message be sent in
     * fragments (a text frame without FIN, then continuation frames): the element is the whole message.
     */
    @Test
    void anElementSentInFragmentsIsOneMessage_RFC6455_5_4() throws Exception {
        try (Socket s = upgraded()) {
            byte[] open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>".getBytes(StandardCharsets.UTF_8);
            int half = open.length / 2;
            s.getOutputStream().write(frame(1, false, java.util.Arrays.copyOfRange(open, 0, half)));
            s.getOutputStream().write(frame(0, true, java.util.Arrays.copyOfRange(open, half, open.length)));
            String reply = untilFeatures(s);
            assertThat(reply).contains("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'").contains("<features")
                    .doesNotContain("urn:ietf:params:xml:ns:xmpp-streams");
        }
    }

    /** Fragments are bounded by the largest stanza together, as one frame is: past it, close 1009 (RFC 6455 §7.4.1). */
    @Test
    void fragmentsPastTheLargestStanzaCloseTheConnection_RFC6455_7_4_1() throws Exception {
        try (Socket s = upgraded()) {
            byte[] open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(frame(1, true, open));
            assertThat(untilFeatures(s)).contains("<features");
            byte[] part = new byte[4_000];
            java.util.Arrays.fill(part, (byte) ' ');
            part[0] = '<';
            s.getOutputStream().write(frame(1, false, part));
            s.getOutputStream().write(frame(0, false, part));
            s.getOutputStream().write(frame(0, true, part)); // 12,000 bytes: more than the 10,000 allowed
            String rest = untilClosed(s);
            int close = rest.indexOf((char) 0x88); // FIN and opcode 8, close (§5.5.1); unmasked from a server
            assertThat(close).as("a close frame").isGreaterThanOrEqualTo(0);
            assertThat(((rest.charAt(close + 2) & 0xff) << 8) | (rest.charAt(close + 3) & 0xff)).as("status 1009, message too big").isEqualTo(1009);
        }
    }

    /**
     * A stream the server closes ends with the client's Close frame, not with the socket closed under a client that
     * is still writing (RFC 7395 §3.6; RFC 6455 §5.5.1 and §7.1.1: the server closes TCP after it has sent and
     * received a Close frame). Closed with unread data in its buffers, a socket answers with a reset, which can destroy
     * the stream error before the client has read it. The client here keeps writing 128 KB after the frame that ends
     * its stream, then reads the error, {@code <close/>} and the Close frame, answers with its own, and sees the end of
     * the connection, not a reset.
     */
    @Test
    void aClientStillWritingWhenItsStreamIsClosedIsNotReset_RFC6455_7_1_1() throws Exception {
        try (Socket s = upgraded()) {
            java.io.OutputStream out = s.getOutputStream();
            out.write(frame(1, true, "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>".getBytes(StandardCharsets.UTF_8)));
            assertThat(untilFeatures(s)).contains("<features");
            out.write(frame(1, true, "<message xmlns='jabber:client'><body>never closed".getBytes(StandardCharsets.UTF_8)));
            byte[] more = "<message xmlns='jabber:client' to='nobody@localhost'><body>more</body></message>".getBytes(StandardCharsets.UTF_8);
            byte[] padded = java.util.Arrays.copyOf(more, 4_000);
            java.util.Arrays.fill(padded, more.length, padded.length, (byte) ' ');
            for (int i = 0; i < 32; i++) out.write(frame(1, true, padded));
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            int close;
            while ((close = closeFrameAfterTheStreamsEnd(got)) < 0) {
                int n = s.getInputStream().read(buf);
                assertThat(n).as("the server's Close frame before the end of the connection; so far: " + got).isGreaterThanOrEqualTo(0);
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(got.toString()).contains("urn:ietf:params:xml:ns:xmpp-streams");
            out.write(frame(8, true, new byte[] {0x03, (byte) 0xe8})); // our Close, 1000 normal closure
            // then the end of the connection (a reset would throw here): at most the rest of the server's Close frame before it
            assertThat(untilClosed(s)).hasSizeLessThanOrEqualTo(125);
        }
    }

    /** Where the server's Close frame (FIN and opcode 8, unmasked) starts after its {@code <close/>}, or -1. */
    private static int closeFrameAfterTheStreamsEnd(CharSequence got) {
        int end = got.toString().indexOf("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
        return end < 0 ? -1 : got.toString().indexOf((char) 0x88, end);
    }

    /** What the server sends until its stream features, or until it closes the connection (after a stream error). */
    private static String untilFeatures(Socket s) throws Exception {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; !got.toString().contains("</features>") && (n = s.getInputStream().read(buf)) >= 0; ) {
            got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return got.toString();
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
