package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.server.NodeFixture;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 §6.3: the service lists its public rooms, paged with XEP-0059. */
class RoomDirectoryTest {
    static TreeMap<String, Listing> rooms(int n) {
        TreeMap<String, Listing> m = new TreeMap<>();
        for (int i = 0; i < n; i++) m.put(String.format("room%02d@conference.localhost", i), new Listing("Room " + i, "", "", i, true, false));
        return m;
    }

    static Iq request(ResultSet rsm) {
        return Iq.request(Iq.Type.GET, "d1", DiscoItems.request(null, rsm)).withFrom(dev.parley.protocol.jid.Jid.of("a@localhost/r"))
                .withTo(dev.parley.protocol.jid.Jid.of("conference.localhost"));
    }

    static DiscoItems page(ResultSet rsm, int n) {
        return DiscoItems.from(RoomDirectory.items(request(rsm), rooms(n)).payload());
    }

    @Test
    void withoutRsmEveryRoom() {
        assertThat(page(null, 25).items()).hasSize(25).first().extracting(DiscoItems.Item::name).isEqualTo("Room 0");
    }

    @Test
    void pagingForwardBackwardAndByIndex_XEP0059() {
        DiscoItems first = page(ResultSet.request(10, null, null, null), 25);
        assertThat(first.items()).hasSize(10);
        assertThat(first.resultSet().count()).isEqualTo(25);
        assertThat(first.resultSet().first()).isEqualTo("room00@conference.localhost");
        assertThat(first.resultSet().firstIndex()).isZero();
        DiscoItems second = page(ResultSet.request(10, first.resultSet().last(), null, null), 25);
        assertThat(second.items().get(0).jid()).isEqualTo("room10@conference.localhost");
        DiscoItems last = page(ResultSet.request(10, null, "", null), 25); // §2.5: <before/> is the last page
        assertThat(last.items()).extracting(DiscoItems.Item::jid).last().isEqualTo("room24@conference.localhost");
        assertThat(last.resultSet().firstIndex()).isEqualTo(15);
        DiscoItems byIndex = page(ResultSet.request(5, null, null, 20), 25);
        assertThat(byIndex.items()).hasSize(5);
        DiscoItems countOnly = page(ResultSet.request(0, null, null, null), 25); // §2.7
        assertThat(countOnly.items()).isEmpty();
        assertThat(countOnly.resultSet().count()).isEqualTo(25);
        Iq notFound = RoomDirectory.items(request(ResultSet.request(10, "nowhere@conference.localhost", null, null)), rooms(3));
        assertThat(notFound.error().condition()).isEqualTo(StanzaError.Condition.ITEM_NOT_FOUND);
    }

    @Test
    void publicConfiguredRoomsAreListedHiddenOnesNot_6_3() throws Exception {
        try (NodeFixture fixture = new NodeFixture()) {
            fixture.addUser("crone1", "crone1-pass");
            XMPPTCPConnection crone = fixture.login("crone1", "crone1-pass", "desktop");
            try {
                MultiUserChatManager manager = MultiUserChatManager.getInstanceFor(crone);
                MultiUserChat open = manager.getMultiUserChat(JidCreate.entityBareFrom("coven@conference.localhost"));
                open.create(Resourcepart.from("firstwitch")).makeInstant();
                MultiUserChat hidden = manager.getMultiUserChat(JidCreate.entityBareFrom("secret@conference.localhost"));
                hidden.create(Resourcepart.from("firstwitch"));
                FillableForm form = hidden.getConfigurationForm().getFillableForm();
                form.setAnswer("muc#roomconfig_publicroom", false);
                hidden.sendConfigurationForm(form);
                manager.getMultiUserChat(JidCreate.entityBareFrom("locked@conference.localhost")).createOrJoin(Resourcepart.from("firstwitch"));
                // at once: the node that listed a room answers from its replica, read for each request
                assertThat(manager.getRoomsHostedBy(JidCreate.domainBareFrom("conference.localhost")).keySet())
                        .extracting(Object::toString).containsExactly("coven@conference.localhost");
                open.leave();
                // the temporary room ends with its last occupant and leaves the list
                Awaitility.await().untilAsserted(() -> assertThat(manager.getRoomsHostedBy(JidCreate.domainBareFrom("conference.localhost"))).isEmpty());
            } finally {
                crone.disconnect();
            }
        }
    }
}
