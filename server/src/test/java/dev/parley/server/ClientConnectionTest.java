package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/** Real sockets, a real node, Smack as the client. */
class ClientConnectionTest {
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

    /**
     * Smack 4.5.0-beta5 implements SCRAM-SHA-1 only (its ScramMechanism hard-codes SHA-1 for StoredKey), so
     * Smack logs in with SCRAM-SHA-1 here; SCRAM-SHA-256 over STARTTLS is proven with a raw client in
     * {@link StreamHardeningTest#scramSha256OverStartTls_RFC7677} and against RFC 7677's vector in ScramServerTest.
     */
    @Test
    void starttlsAndScramLogin_RFC6120_5_and_6() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(fixture.tcp("romeo", "r0meo-pass").setResource("balcony").build());
        try {
            c.connect().login();
            assertThat(c.isSecureConnection()).isTrue();
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.getUsedSaslMechansism()).isEqualTo("SCRAM-SHA-1");
            assertThat(c.getUser().toString()).isEqualTo("romeo@localhost/balcony");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void scramSha1AndPlainOverTlsWorkToo() throws Exception {
        for (String mechanism : new String[] {"SCRAM-SHA-1", "PLAIN"}) {
            XMPPTCPConnection c = new XMPPTCPConnection(fixture.tcp("juliet", "jul1et-pass").addEnabledSaslMechanism(mechanism).build());
            try {
                c.connect().login();
                assertThat(c.getUsedSaslMechansism()).isEqualTo(mechanism);
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized_6_5_10() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(fixture.tcp("romeo", "wrong").build());
        try {
            c.connect();
            assertThatThrownBy(c::login).isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
        } finally {
            c.disconnect();
        }
        XMPPTCPConnection nobody = new XMPPTCPConnection(fixture.tcp("nobody", "x").build());
        try {
            nobody.connect();
            assertThatThrownBy(nobody::login).isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
        } finally {
            nobody.disconnect();
        }
    }

    @Test
    void inBandRegistrationPasswordChangeAndRemoval_XEP0077() throws Exception {
        XMPPTCPConnection anon = new XMPPTCPConnection(fixture.tcp("mercutio", "unused").build());
        anon.connect();
        AccountManager accounts = AccountManager.getInstance(anon);
        assertThat(accounts.supportsAccountCreation()).isTrue();
        accounts.createAccount(Localpart.from("mercutio"), "queen-mab");
        // XEP-0077 §3.1: a taken username is a conflict
        XMPPException.XMPPErrorException taken = (XMPPException.XMPPErrorException) org.assertj.core.api.Assertions.catchThrowable(
                () -> accounts.createAccount(Localpart.from("mercutio"), "other"));
        assertThat(taken.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
        anon.disconnect();

        XMPPTCPConnection m = fixture.login("mercutio", "queen-mab", "a");
        AccountManager.getInstance(m).changePassword("tybalt-bane");
        m.disconnect();
        XMPPTCPConnection again = fixture.login("mercutio", "tybalt-bane", "b");
        // XEP-0077 §3.2: the result, then a <not-authorized/> stream error that ends the session. Smack's
        // deleteAccount() races the two (it may report the closed stream though the result came first), so the
        // request is sent as is and the test checks what matters: the account is gone and the stream closed.
        org.jivesoftware.smackx.iqregister.packet.Registration remove =
                new org.jivesoftware.smackx.iqregister.packet.Registration(java.util.Map.of("remove", ""));
        remove.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        remove.setTo(JidCreate.domainBareFrom("localhost"));
        again.sendStanza(remove);
        await().atMost(Duration.ofSeconds(5)).until(() -> !again.isConnected());
        assertThat(fixture.node.accounts().exists("mercutio")).isFalse();
    }

    @Test
    void twoUsersExchangeMessages_RFC6121_5() throws Exception {
        XMPPTCPConnection romeo = fixture.login("romeo", "r0meo-pass", "orchard");
        XMPPTCPConnection juliet = fixture.login("juliet", "jul1et-pass", "balcony");
        try {
            BlockingQueue<Message> atJuliet = new LinkedBlockingQueue<>();
            juliet.addAsyncStanzaListener(s -> atJuliet.add((Message) s), MessageTypeFilter.CHAT);
            BlockingQueue<Message> atRomeo = new LinkedBlockingQueue<>();
            romeo.addAsyncStanzaListener(s -> atRomeo.add((Message) s), MessageTypeFilter.CHAT);

            // to the bare JID: delivered to the available resource (RFC 6121 §8.5.2.1.1), 'to' not rewritten
            romeo.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom("juliet@localhost"))
                    .ofType(Message.Type.chat).setBody("Art thou not Romeo, and a Montague?").build());
            Message got = atJuliet.poll(5, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getBody()).isEqualTo("Art thou not Romeo, and a Montague?");
            assertThat(got.getFrom().toString()).isEqualTo("romeo@localhost/orchard"); // stamped by the server
            assertThat(got.getTo().toString()).isEqualTo("juliet@localhost");

            // to the full JID
            juliet.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from("romeo@localhost/orchard"))
                    .ofType(Message.Type.chat).setBody("Neither, fair saint").build());
            assertThat(atRomeo.poll(5, TimeUnit.SECONDS).getBody()).isEqualTo("Neither, fair saint");
        } finally {
            romeo.disconnect();
            juliet.disconnect();
        }
    }

    @Test
    void aNewBindOfTheSameResourceReplacesTheOldSession_RFC6120_7_7_2_2() throws Exception {
        XMPPTCPConnection first = fixture.login("romeo", "r0meo-pass", "same");
        java.util.concurrent.CompletableFuture<Exception> closed = new java.util.concurrent.CompletableFuture<>();
        first.addConnectionListener(new org.jivesoftware.smack.ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }
        });
        XMPPTCPConnection second = fixture.login("romeo", "r0meo-pass", "same");
        try {
            Exception e = closed.get(5, TimeUnit.SECONDS);
            assertThat(e).isInstanceOfSatisfying(XMPPException.StreamErrorException.class,
                    s -> assertThat(s.getStreamError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StreamError.Condition.conflict));
            assertThat(second.getUser().toString()).isEqualTo("romeo@localhost/same");
            assertThat(PingManager.getInstanceFor(second).pingMyServer()).isTrue();
        } finally {
            second.disconnect();
        }
    }

    @Test
    void messageToAnOfflineUserIsBounced_RFC6121_8_5_2_2() throws Exception {
        XMPPTCPConnection romeo = fixture.login("romeo", "r0meo-pass", "lonely");
        try {
            BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
            romeo.addAsyncStanzaListener(s -> errors.add((Message) s), MessageTypeFilter.ERROR);
            romeo.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom("rosaline@localhost"))
                    .ofType(Message.Type.chat).setBody("anyone?").build());
            Message error = errors.poll(5, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            assertThat(error.getFrom().toString()).isEqualTo("rosaline@localhost");
        } finally {
            romeo.disconnect();
        }
    }

    @Test
    void serverAnswersDiscoPingAndListsTheMucService() throws Exception {
        XMPPTCPConnection romeo = fixture.login("romeo", "r0meo-pass", "disco");
        try {
            ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(romeo);
            DiscoverInfo info = disco.discoverInfo(JidCreate.domainBareFrom("localhost"));
            assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
            DiscoverItems items = disco.discoverItems(JidCreate.domainBareFrom("localhost"));
            assertThat(items.getItems()).extracting(i -> i.getEntityID().toString()).contains("conference.localhost");
            assertThat(PingManager.getInstanceFor(romeo).ping(JidCreate.domainBareFrom("localhost"))).isTrue();
            // XEP-0045 §6.1: the service says it is a MUC service
            DiscoverInfo muc = disco.discoverInfo(JidCreate.domainBareFrom("conference.localhost"));
            assertThat(muc.containsFeature("http://jabber.org/protocol/muc")).isTrue();
            assertThat(muc.getIdentities()).anyMatch(i -> i.getCategory().equals("conference") && i.getType().equals("text"));
        } catch (SmackException e) {
            throw e;
        } finally {
            romeo.disconnect();
        }
    }
}
