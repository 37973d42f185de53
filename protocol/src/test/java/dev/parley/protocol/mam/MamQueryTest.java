package dev.parley.protocol.mam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.corpus.XepExamples;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** XEP-0313 queries as its examples write them, and what an archive answers with. */
class MamQueryTest {
    static final String FORM = "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>";

    static MamQuery query(String inner) {
        Element iq = XepExamples.parse("<iq type='set' id='juliet1'><query xmlns='urn:xmpp:mam:2' queryid='f27'>" + inner + "</query></iq>").get(0);
        return MamQuery.from(iq.child("query", MamQuery.NAMESPACE));
    }

    @Test
    void theFiltersOfSection4_1() {
        MamQuery all = query("");
        assertThat(all.queryId()).isEqualTo("f27");
        assertThat(all.with()).isNull();
        assertThat(all.backwards()).isFalse();
        // Example 6, 7, 10, 11
        assertThat(query(FORM + "<field var='with'><value>juliet@capulet.lit</value></field></x>").with().toString()).isEqualTo("juliet@capulet.lit");
        MamQuery span = query(FORM + "<field var='start'><value>2010-06-07T00:00:00Z</value></field><field var='end'><value>2010-07-07T13:23:54Z</value></field></x>");
        assertThat(span.start()).isEqualTo(Instant.parse("2010-06-07T00:00:00Z"));
        assertThat(span.end()).isEqualTo(Instant.parse("2010-07-07T13:23:54Z"));
        MamQuery between = query(FORM + "<field var='after-id'><value>28482-98726-73623</value></field><field var='before-id'><value>09af3-cc343-b409f</value></field></x>");
        assertThat(between.afterId()).isEqualTo("28482-98726-73623");
        assertThat(between.beforeId()).isEqualTo("09af3-cc343-b409f");
        assertThat(query(FORM + "<field var='ids'><value>28482-98726-73623</value></field></x>").ids()).containsExactly("28482-98726-73623");
    }

    @Test
    void pagingOfSection4_3() {
        // Example 20, 23, 24
        MamQuery next = query("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><after>09af3-cc343-b409f</after></set>");
        assertThat(next.pageSize(50, 250)).isEqualTo(10);
        assertThat(next.rsm().after()).isEqualTo("09af3-cc343-b409f");
        MamQuery last = query("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><before/></set>");
        assertThat(last.backwards()).isTrue();
        assertThat(last.rsm().before()).isEmpty();
        assertThat(query("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><after>x</after></set><flip-page/>").flipPage()).isTrue();
        assertThat(query("<set xmlns='http://jabber.org/protocol/rsm'><max>100000</max></set>").pageSize(50, 250)).as("§4.3.1: the server's limit").isEqualTo(250);
        assertThat(query("").pageSize(50, 250)).isEqualTo(50);
    }

    @Test
    void wrongQueriesNameTheirError() {
        assertThatThrownBy(() -> query(FORM + "<field var='{http://example.com/}free-text-search'><value>x</value></field></x>"))
                .isInstanceOfSatisfying(MamQuery.Invalid.class, e -> assertThat(e.condition()).isEqualTo(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED));
        assertThatThrownBy(() -> query(FORM + "<field var='start'><value>last tuesday</value></field></x>"))
                .isInstanceOfSatisfying(MamQuery.Invalid.class, e -> assertThat(e.condition()).isEqualTo(StanzaError.Condition.BAD_REQUEST));
        assertThatThrownBy(() -> query("<set xmlns='http://jabber.org/protocol/rsm'><before>a</before><after>b</after></set>"))
                .isInstanceOfSatisfying(MamQuery.Invalid.class, e -> assertThat(e.condition()).isEqualTo(StanzaError.Condition.BAD_REQUEST));
        assertThatThrownBy(() -> query("<set xmlns='http://jabber.org/protocol/rsm'><index>3</index></set>"))
                .isInstanceOfSatisfying(MamQuery.Invalid.class, e -> assertThat(e.condition()).isEqualTo(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED));
        assertThatThrownBy(() -> query("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:example</value></field></x>"))
                .isInstanceOfSatisfying(MamQuery.Invalid.class, e -> assertThat(e.condition()).isEqualTo(StanzaError.Condition.BAD_REQUEST));
    }

    @Test
    void whatTheArchiveAnswersWith() {
        Element message = XepExamples.parse("<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch' id='162BEBB1' type='groupchat'>"
                + "<body>Thrice the brinded cat hath mew'd.</body></message>").get(0);
        Element result = MamQuery.result("coven@chat.shakespeare.lit", "hag66@shakespeare.lit/pda", "g27", "78527-06716-51603",
                Instant.parse("2002-10-13T23:58:37Z"), message);
        Element r = result.child("result", MamQuery.NAMESPACE);
        assertThat(r.attribute("queryid")).isEqualTo("g27");
        assertThat(r.attribute("id")).isEqualTo("78527-06716-51603");
        Element forwarded = r.child("forwarded", MamQuery.FORWARD);
        assertThat(forwarded.child("delay", "urn:xmpp:delay").attribute("stamp")).isEqualTo("2002-10-13T23:58:37Z");
        assertThat(forwarded.child("message", "jabber:client").childText("body", "jabber:client")).isEqualTo("Thrice the brinded cat hath mew'd.");
        Element fin = MamQuery.fin(true, dev.parley.protocol.ext.ResultSet.response("a", null, "b", null));
        assertThat(fin.attribute("complete")).isEqualTo("true");
        assertThat(MamQuery.fin(false, dev.parley.protocol.ext.ResultSet.response("a", null, "b", null)).attribute("complete")).isNull();
        assertThat(MamQuery.metadata(null, null, null, null).elements()).as("§5: empty for an empty archive").isEmpty();
        Element ids = MamQuery.fieldsForm().child("x", "jabber:x:data").elements().stream().filter(f -> "ids".equals(f.attribute("var"))).findFirst().orElseThrow();
        assertThat(ids.child("validate", "http://jabber.org/protocol/xdata-validate").child("open", "http://jabber.org/protocol/xdata-validate"))
                .as("§4.1.5: the ids list is open").isNotNull();
    }
}
