package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class WebSocketAndResumptionTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture();
        fixture.addUser("romeo", "r0meo-pass");
        fixture.addUser("juliet", "jul1et-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static Message chat(String to, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    @Test
    void aWebSocketClientTalksToATcpClient_RFC7395() throws Exception {
        ModularXmppClientToServerConnectionConfiguration.Builder b = ModularXmppClientToServerConnectionConfiguration.builder();
        b.removeAllModules();
        b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
                .explicitlySetWebSocketEndpointAndDiscovery("ws://127.0.0.1:" + fixture.node.websocketPort() + "/xmpp-websocket", false)
                // Smack also tries ws://DOMAIN:5280/ws unless told not to: whatever runs on this machine's 5280
                // would be part of the test
                .disableImplicitWebsocketEndpoint()
                .build());
        b.setXmppDomain("localhost").setSecurityMode(SecurityMode.disabled).setUsernameAndPassword("juliet", "jul1et-pass").setResource("browser");
        ModularXmppClientToServerConnection juliet = new ModularXmppClientToServerConnection(b.build());
        juliet.setReplyTimeout(5000);
        XMPPTCPConnection romeo = fixture.login("romeo", "r0meo-pass", "tcp");
        try {
            juliet.connect().login();
            NodeFixture.available(juliet);
            assertThat(juliet.getUser().toString()).isEqualTo("juliet@localhost/browser");
            BlockingQueue<Message> atJuliet = new LinkedBlockingQueue<>();
            juliet.addAsyncStanzaListener(s -> atJuliet.add((Message) s), MessageTypeFilter.CHAT);
            BlockingQueue<Message> atRomeo = new LinkedBlockingQueue<>();
            romeo.addAsyncStanzaListener(s -> atRomeo.add((Message) s), MessageTypeFilter.CHAT);

            romeo.sendStanza(chat("juliet@localhost", "over TCP"));
            assertThat(atJuliet.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("over TCP");
            juliet.sendStanza(chat("romeo@localhost/tcp", "over WebSocket"));
            Message m = atRomeo.poll(5, TimeUnit.SECONDS);
            assertThat(m.getBody()).isEqualTo("over WebSocket");
            assertThat(m.getFrom().toString()).isEqualTo("juliet@localhost/browser");
        } catch (Throwable t) {
            // Smack's WebSocket transport, asked to disconnect a connection that failed half-way, may fail an
            // assertion of its own: that must not hide why the connection failed
            try {
                juliet.disconnect();
            } catch (Throwable onDisconnect) {
                t.addSuppressed(onDisconnect);
            }
            throw t;
        } finally {
            if (juliet.isConnected()) juliet.disconnect();
            romeo.disconnect();
        }
    }

    @Test
    void streamManagementResumesAfterTheSocketIsCutAndNothingIsLost_XEP0198() throws Exception {
        XMPPTCPConnection romeo = new XMPPTCPConnection(fixture.tcp("romeo", "r0meo-pass").setResource("phone").build());
        romeo.setUseStreamManagement(true);
        romeo.setUseStreamManagementResumption(true);
        romeo.setReplyTimeout(5000);
        romeo.connect().login();
        NodeFixture.available(romeo);
        XMPPTCPConnection juliet = fixture.login("juliet", "jul1et-pass", "laptop");
        BlockingQueue<Message> atRomeo = new LinkedBlockingQueue<>();
        romeo.addSyncStanzaListener(s -> atRomeo.add((Message) s), MessageTypeFilter.CHAT); // in order
        try {
            assertThat(romeo.isSmEnabled()).isTrue();
            assertThat(romeo.isSmResumptionPossible()).isTrue();
            juliet.sendStanza(chat("romeo@localhost/phone", "before the tunnel"));
            assertThat(atRomeo.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("before the tunnel");

            romeo.instantShutdown(); // the socket is cut: no </stream>, the session waits for resumption
            for (int i = 0; i < 5; i++) juliet.sendStanza(chat("romeo@localhost/phone", "in the tunnel " + i));
            NodeFixture.available(juliet); // the messages have reached Romeo's detached session

            romeo.connect().login();
            assertThat(romeo.streamWasResumed()).isTrue();
            for (int i = 0; i < 5; i++) {
                Message m = atRomeo.poll(5, TimeUnit.SECONDS);
                assertThat(m).as("message %d after resumption", i).isNotNull();
                assertThat(m.getBody()).isEqualTo("in the tunnel " + i);
            }
            assertThat(atRomeo.poll(500, TimeUnit.MILLISECONDS)).as("nothing delivered twice").isNull();
            // and the resumed stream goes on working
            juliet.sendStanza(chat("romeo@localhost/phone", "out of the tunnel"));
            assertThat(atRomeo.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("out of the tunnel");
            NodeFixture.available(romeo);
            assertThat(romeo.isConnected()).isTrue();
        } finally {
            romeo.disconnect();
            juliet.disconnect();
        }
    }
}
