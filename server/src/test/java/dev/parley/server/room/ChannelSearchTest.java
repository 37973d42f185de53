package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** XEP-0433 extended channel search, answered by the MUC service from its room directory. */
class ChannelSearchTest {
    static final String NS = ChannelSearch.NAMESPACE;

    static TreeMap<String, Listing> directory() {
        TreeMap<String, Listing> m = new TreeMap<>();
        m.put("coven@conference.localhost", new Listing("The Coven", "Witches discuss the weather", "en", 3, true, false));
        m.put("heath@conference.localhost", new Listing("Blasted Heath", "Where we meet again", "en", 12, true, true));
        m.put("cauldron@conference.localhost", new Listing("Cauldron", "Recipes: eye of newt", "", 1, false, false));
        return m;
    }

    static Iq search(String form, ResultSet rsm) {
        String xml = "<search xmlns='" + NS + "'>" + (rsm == null ? "" : rsm.toElement().toString())
                + (form == null ? "" : "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>" + ChannelSearch.FORM_TYPE
                        + "</value></field>" + form + "</x>") + "</search>";
        Element payload = new dev.parley.protocol.stream.FrameParser().parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)) instanceof
                dev.parley.protocol.stream.StreamEvent.ElementReceived r ? r.element() : null;
        return Iq.request(Iq.Type.GET, "s1", payload).withFrom(Jid.of("a@localhost/r")).withTo(Jid.of("conference.localhost"));
    }

    static List<String> addresses(Iq result) {
        return result.payload().children("item", NS).stream().map(e -> e.attribute("address")).toList();
    }

    @Test
    void theFormListsEverySupportedField_4_2_1() {
        Iq answer = ChannelSearch.answer(search(null, null), directory());
        assertThat(answer.payload().toString()).contains("var='q'", "var='all'", "var='sinname'", "var='sindescription'", "var='key'",
                ChannelSearch.BY_USERS, ChannelSearch.BY_ADDRESS);
    }

    @Test
    void keywordsMatchNameDescriptionAndAddress_sortedByUsers() {
        assertThat(addresses(ChannelSearch.answer(search("<field var='q'><value>weather</value></field>", null), directory())))
                .containsExactly("coven@conference.localhost");
        assertThat(addresses(ChannelSearch.answer(search("<field var='q'><value>heath</value></field>"
                + "<field var='sinname'><value>false</value></field><field var='sinaddr'><value>false</value></field>", null), directory())))
                .as("only in descriptions").isEmpty();
        Iq all = ChannelSearch.answer(search("<field var='all'><value>true</value></field>", null), directory());
        assertThat(addresses(all)).containsExactly("heath@conference.localhost", "coven@conference.localhost", "cauldron@conference.localhost");
        Element heath = all.payload().children("item", NS).get(0);
        assertThat(heath.childText("nusers", NS)).isEqualTo("12");
        assertThat(heath.childText("is-open", NS)).isEqualTo("true");
        assertThat(heath.childText("anonymity-mode", NS)).isEqualTo("{urn:xmpp:channel-search:0:anonymity}none");
        assertThat(addresses(ChannelSearch.answer(search("<field var='all'><value>true</value></field><field var='key'><value>"
                + ChannelSearch.BY_ADDRESS + "</value></field>", ResultSet.request(2, null, null, null)), directory())))
                .containsExactly("cauldron@conference.localhost", "coven@conference.localhost");
        assertThat(addresses(ChannelSearch.answer(search("<field var='all'><value>true</value></field><field var='min_users'><value>3</value></field>", null),
                directory()))).containsExactly("heath@conference.localhost", "coven@conference.localhost");
        // §5: nothing found is an empty result
        Iq none = ChannelSearch.answer(search("<field var='q'><value>dragons</value></field>", null), directory());
        assertThat(none.type()).isEqualTo(Iq.Type.RESULT);
        assertThat(addresses(none)).isEmpty();
    }

    @Test
    void errors_4_2_2() {
        Iq badKey = ChannelSearch.answer(search("<field var='all'><value>true</value></field><field var='key'><value>{x}y</value></field>", null), directory());
        assertThat(badKey.error().condition()).isEqualTo(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED);
        assertThat(badKey.error().applicationCondition().name()).isEqualTo("invalid-sort-key");
        Iq conflicting = ChannelSearch.answer(search("<field var='all'><value>true</value></field><field var='q'><value>x</value></field>", null), directory());
        assertThat(conflicting.error().applicationCondition().name()).isEqualTo("conflicting-fields");
        Iq nothing = ChannelSearch.answer(search("", null), directory());
        assertThat(nothing.error().condition()).isEqualTo(StanzaError.Condition.BAD_REQUEST);
        assertThat(nothing.error().applicationCondition().name()).isEqualTo("no-search-conditions");
        Iq blank = ChannelSearch.answer(search("<field var='q'><value>   </value></field>", null), directory());
        assertThat(blank.error().applicationCondition().name()).isEqualTo("invalid-search-terms");
    }

    @Test
    void aPublicRoomIsFoundWithItsOccupants() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
                RawClient c = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(c);
            c.send("<presence to='coven@conference.localhost/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            c.send("<iq type='set' id='c' to='coven@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                    + "<field var='muc#roomconfig_roomdesc'><value>Witches discuss the weather</value></field></x></query></iq>");
            Awaitility.await().untilAsserted(() -> {
                c.send("<iq type='get' id='q' to='conference.localhost'><search xmlns='" + NS + "'><x xmlns='jabber:x:data' type='submit'>"
                        + "<field var='FORM_TYPE'><value>" + ChannelSearch.FORM_TYPE + "</value></field><field var='q'><value>WEATHER</value></field></x></search></iq>");
                Element result = c.answerTo("q");
                Element item = result.child("result", NS).child("item", NS);
                assertThat(item).isNotNull();
                assertThat(item.attribute("address")).isEqualTo("coven@conference.localhost");
                assertThat(item.childText("nusers", NS)).isEqualTo("1"); // published a few seconds after the join
            });
        }
    }
}
