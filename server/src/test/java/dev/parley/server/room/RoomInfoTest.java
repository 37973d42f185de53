package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static dev.parley.server.room.BusinessRulesTest.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The muc#roominfo form of a room's disco#info (XEP-0045 §6.4, §16.5.4): contact addresses and, when logged, the logs. */
class RoomInfoTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of("parley.muc.logs-url", "https://logs.example/{room}/"));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static DataForm roominfo(RawClient c, String room, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='" + room + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        Element query = c.answerTo(id).child("query", "http://jabber.org/protocol/disco#info");
        return DataForm.from(query.child(DataForm.ELEMENT, DataForm.NAMESPACE));
    }

    static FormField field(DataForm f, String var) {
        return f.fields().stream().filter(x -> var.equals(x.var())).findFirst().orElse(null);
    }

    @Test
    void theOwnersAreTheContactsAndALoggedRoomNamesItsLogs_16_5_4() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient visitor = new RawClient(fixture.node.c2sPort())) {
            String croneJid = anonymousLogin(crone);
            anonymousLogin(visitor);
            create(crone, "quiet@conference.localhost", "firstwitch");
            create(crone, "logged@conference.localhost", "firstwitch", "muc#roomconfig_enablelogging", "1");

            DataForm quiet = roominfo(visitor, "quiet@conference.localhost", "q");
            assertThat(field(quiet, "muc#roominfo_contactjid").type()).isEqualTo(FormField.Type.JID_MULTI);
            assertThat(field(quiet, "muc#roominfo_contactjid").values()).containsExactly(croneJid.substring(0, croneJid.indexOf('/')));
            assertThat(field(quiet, "muc#roominfo_logs")).as("not logged: no logs").isNull();

            DataForm logged = roominfo(visitor, "logged@conference.localhost", "l");
            assertThat(field(logged, "muc#roominfo_logs").values()).containsExactly("https://logs.example/logged@conference.localhost/");
            assertThat(logged.fields().get(0).var()).as("FORM_TYPE stays first").isEqualTo("FORM_TYPE");
        }
    }
}
