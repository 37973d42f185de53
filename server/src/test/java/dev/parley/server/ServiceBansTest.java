package dev.parley.server;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service-wide bans (room/ServiceBans): a service admin bans a user or a whole domain with the service's
 * ad-hoc commands (XEP-0050), and every room refuses them with forbidden; one still in a room is removed
 * (301) on its next stanza; the ban is stored, listed and lifted.
 */
class ServiceBansTest {
    static NodeFixture fixture;
    static final String CMD = "http://jabber.org/protocol/commands";
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    static final String ROOM = "heath@conference.localhost";

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of("parley.muc.admins", List.of("root@localhost")));
        fixture.addUser("root", "root-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    /** STARTTLS, then SASL PLAIN (offered over TLS only) and a bound resource. */
    static void login(RawClient c, String user, String password) throws Exception {
        login(fixture, c, user, password);
    }

    /** STARTTLS, then SASL PLAIN and a bound resource, on {@code node}. */
    public static void login(NodeFixture node, RawClient c, String user, String password) throws Exception {
        c.login(node.trustManager(), user, password);
    }

    static Element command(RawClient c, String id, String node, String jid, String reason) throws Exception {
        String fields = jid == null ? null : "<field var='jid'><value>" + jid + "</value></field>"
                + (reason == null ? "" : "<field var='reason'><value>" + reason + "</value></field>");
        c.send("<iq type='set' id='" + id + "' to='conference.localhost'><command xmlns='" + CMD + "' node='" + node + "'"
                + (fields == null ? " action='execute'/>" : " action='complete' sessionid='s'><x xmlns='jabber:x:data' type='submit'>" + fields + "</x></command>")
                + "</iq>");
        return c.answerTo(id);
    }

    static String condition(Element reply) {
        Element e = reply.child("error", "jabber:client");
        return e == null ? null : e.elements().stream().filter(c -> STANZAS.equals(c.namespace())).map(Element::name).findFirst().orElse(null);
    }

    static String bare(String full) {
        return full.substring(0, full.indexOf('/'));
    }

    @Test
    void anAdminBansAUserAndADomainFromEveryRoom() throws Exception {
        try (RawClient root = new RawClient(fixture.node.c2sPort()); RawClient crone = new RawClient(fixture.node.c2sPort());
                RawClient wicca = new RawClient(fixture.node.c2sPort()); RawClient hag = new RawClient(fixture.node.c2sPort())) {
            login(root, "root", "root-pass");
            anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            anonymousLogin(hag);
            crone.send("<presence to='" + ROOM + "/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            crone.nextNamed("presence");
            crone.send("<iq type='set' id='cfg' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>");
            crone.answerTo("cfg");
            wicca.send("<presence to='" + ROOM + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            wicca.nextNamed("message"); // the subject: in
            crone.nextNamed("presence");

            // only the service's admins may ban (XEP-0050 §4.6)
            assertThat(condition(command(wicca, "nope", "ban-jid", bare(wiccaJid), null))).isEqualTo("forbidden");

            Element form = command(root, "f", "ban-jid", null, null);
            assertThat(form.child("command", CMD).attribute("status")).isEqualTo("executing");
            Element done = command(root, "ban", "ban-jid", wiccaJid, "spam"); // a full JID means its user
            assertThat(done.attribute("type")).isEqualTo("result");
            assertThat(done.child("command", CMD).attribute("status")).isEqualTo("completed");

            // the banned occupant is removed at once, as banned (301), without a word from it; the others are told
            Element gone = wicca.nextNamed("presence");
            assertThat(gone.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(gone).statuses()).contains(Status.PRESENCE_TO_SELF_110, Status.BANNED_301);
            Element told = crone.nextNamed("presence");
            assertThat(told.attribute("from")).isEqualTo(ROOM + "/secondwitch");
            assertThat(MucUser.fromParent(told).statuses()).containsExactly(Status.BANNED_301);
            // and whatever it sends is refused
            wicca.send("<message to='" + ROOM + "' type='groupchat' id='w1'><body>buy now</body></message>");
            assertThat(condition(wicca.answerTo("w1"))).isEqualTo("forbidden");
            // and it enters no room, this one or another (a new one is not created for it)
            wicca.send("<presence id='back' to='" + ROOM + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(condition(wicca.answerTo("back"))).isEqualTo("forbidden");
            wicca.send("<presence id='new' to='elsewhere@conference.localhost/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(condition(wicca.answerTo("new"))).isEqualTo("forbidden");

            // a whole domain, then lifted; the list shows what is in force
            assertThat(command(root, "dom", "ban-jid", "localhost", "the whole server").attribute("type")).isEqualTo("result");
            hag.send("<presence id='h' to='" + ROOM + "/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(condition(hag.answerTo("h"))).isEqualTo("forbidden");
            Element list = command(root, "l", "list-bans", null, null);
            assertThat(list.toString()).contains(bare(wiccaJid), "spam", "the whole server", "root@localhost");
            assertThat(command(root, "undom", "unban-jid", "localhost", null).child("command", CMD).childText("note", CMD))
                    .isEqualTo("The ban on localhost is lifted.");
            hag.send("<presence id='h2' to='" + ROOM + "/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element in = hag.nextNamed("presence");
            while (!(ROOM + "/thirdwitch").equals(in.attribute("from"))) in = hag.nextNamed("presence");
            assertThat(in.attribute("type")).isNull();

            // the user's ban stays in the database: a fresh read (as another node would make) still has it
            assertThat(fixture.node.accounts().serviceBans().all()).extracting(b -> b.target()).containsExactly(bare(wiccaJid));
            assertThat(command(root, "un", "unban-jid", bare(wiccaJid), null).attribute("type")).isEqualTo("result");
            wicca.send("<presence id='again' to='" + ROOM + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element back = wicca.nextNamed("presence");
            while (!(ROOM + "/secondwitch").equals(back.attribute("from")) || back.attribute("type") != null) back = wicca.nextNamed("presence");
            assertThat(MucUser.fromParent(back).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
        }
    }
}
