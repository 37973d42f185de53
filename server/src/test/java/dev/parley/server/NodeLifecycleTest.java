package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {
    /** A port another program holds stops the start with an error that names the listener and the address. */
    @Test
    void aPortInUseStopsTheStartWithAnErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> new NodeFixture(Map.of("parley.c2s.port", port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen for client (STARTTLS) on 127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void accountsSurviveARestart() throws Exception {
        try (NodeFixture fixture = new NodeFixture()) {
            XMPPTCPConnection anon = new XMPPTCPConnection(fixture.tcp("benvolio", "x").build());
            anon.connect();
            org.jivesoftware.smackx.iqregister.AccountManager.getInstance(anon)
                    .createAccount(org.jxmpp.jid.parts.Localpart.from("benvolio"), "peace-keeper");
            anon.disconnect();
            fixture.restart();
            XMPPTCPConnection c = fixture.login("benvolio", "peace-keeper", "back");
            assertThat(c.isAuthenticated()).isTrue();
            c.disconnect();
        }
    }

    @Test
    void directTlsAndAConfiguredPemCertificate_XEP0368() throws Exception {
        try (NodeFixture generated = new NodeFixture()) {
            // a second node configured with the first node's PEM files
            Map<String, Object> o = new HashMap<>();
            o.put("parley.tls.certificate", generated.dataDir.resolve("tls/localhost.crt").toString());
            o.put("parley.tls.private-key", generated.dataDir.resolve("tls/localhost.key").toString());
            try (NodeFixture configured = new NodeFixture(o)) {
                assertThat(configured.dataDir.resolve("tls")).doesNotExist(); // nothing generated
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {generated.trustManager()}, new SecureRandom());
                try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", configured.node.directTlsPort())) {
                    s.startHandshake();
                    assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                    s.getOutputStream().write(RawClient.HEADER.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    dev.parley.protocol.stream.StreamParser parser = new dev.parley.protocol.stream.StreamParser();
                    java.util.List<StreamEvent> events = new java.util.ArrayList<>();
                    byte[] buf = new byte[4096];
                    while (events.size() < 2) {
                        int n = s.getInputStream().read(buf);
                        if (n < 0) break;
                        parser.feed(buf, 0, n, events::add);
                    }
                    Element features = ((StreamEvent.ElementReceived) events.get(1)).element();
                    // already encrypted: no STARTTLS, and PLAIN is offered
                    assertThat(features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls")).isNull();
                    assertThat(features.child("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl").children("mechanism", "urn:ietf:params:xml:ns:xmpp-sasl"))
                            .extracting(Element::text).contains("SCRAM-SHA-256", "PLAIN");
                }
            }
        }
    }

    @Test
    void withTheRefusePolicyASecondBindOfAResourceIsAConflict_RFC6120_7_7_2_2() throws Exception {
        try (NodeFixture fixture = new NodeFixture(java.util.Map.of("parley.c2s.resource-conflict", "refuse"))) {
            fixture.addUser("romeo", "r0meo-pass");
            XMPPTCPConnection first = fixture.login("romeo", "r0meo-pass", "same");
            XMPPTCPConnection second = new XMPPTCPConnection(fixture.tcp("romeo", "r0meo-pass").setResource("same").build());
            try {
                second.connect();
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(second::login);
                assertThat(t).isInstanceOfSatisfying(org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                        e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.conflict));
                assertThat(first.isConnected()).isTrue();
                NodeFixture.available(first);
            } finally {
                second.disconnect();
                first.disconnect();
            }
        }
    }
}
