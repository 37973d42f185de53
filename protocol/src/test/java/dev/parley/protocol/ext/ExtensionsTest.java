package dev.parley.protocol.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.corpus.XepExamples;
import dev.parley.protocol.xml.Element;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
    @Test
    void xep0082Profiles() {
        // the examples of XEP-0082 §3
        assertThat(XmppDateTime.parseDateTime("1969-07-21T02:56:15Z")).isEqualTo(Instant.parse("1969-07-21T02:56:15Z"));
        assertThat(XmppDateTime.parseDateTime("1969-07-20T21:56:15-05:00")).isEqualTo(Instant.parse("1969-07-21T02:56:15Z"));
        assertThat(XmppDateTime.parseDateTime("1969-07-21T02:56:15.123Z")).isEqualTo(Instant.parse("1969-07-21T02:56:15.123Z"));
        assertThat(XmppDateTime.parseDate("1776-07-04")).isEqualTo(LocalDate.of(1776, 7, 4));
        assertThat(XmppDateTime.parseTime("16:00:00")).isEqualTo(OffsetTime.of(16, 0, 0, 0, ZoneOffset.UTC));
        assertThat(XmppDateTime.parseTime("16:00:00+01:00").getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThatThrownBy(() -> XmppDateTime.parseDateTime("1969-07-21 02:56:15")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmppDateTime.parseDateTime("1969-07-21T02:56:15")).isInstanceOf(IllegalArgumentException.class);
        assertThat(XmppDateTime.formatDateTime(Instant.parse("2002-09-10T23:08:25Z"))).isEqualTo("2002-09-10T23:08:25Z");
        assertThat(XmppDateTime.formatDateTime(Instant.parse("2002-09-10T23:08:25.120Z"))).isEqualTo("2002-09-10T23:08:25.120Z");
        assertThat(XmppDateTime.formatDateTime(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void delay_XEP0203() {
        Element e = XepExamples.example("0203", 1).get(0).child("delay", Delay.NAMESPACE);
        Delay d = Delay.from(e);
        assertThat(d.stamp()).isEqualTo(Instant.parse("2002-09-10T23:08:25Z"));
        assertThat(d.reason().trim()).isEqualTo("Offline Storage");
        assertThat(d.from()).isEqualTo("capulet.com");
        assertThat(Delay.from(Element.builder("delay", Delay.NAMESPACE).attribute("stamp", "garbage").build())).isNull();
    }

    @Test
    void stanzaIdAndOriginId_XEP0359() {
        StanzaId sid = new StanzaId("abc", "room@muc.example");
        assertThat(StanzaId.from(sid.toElement())).isEqualTo(sid);
        assertThat(StanzaId.isBy(sid.toElement(), "room@muc.example")).isTrue();
        assertThat(StanzaId.isBy(sid.toElement(), "other@muc.example")).isFalse();
        assertThat(OriginId.from(new OriginId("o1").toElement())).isEqualTo(new OriginId("o1"));
        assertThat(StanzaId.from(Element.builder("stanza-id", StanzaId.NAMESPACE).attribute("id", "x").build())).isNull();
    }

    @Test
    void resultSetManagement_XEP0059() {
        ResultSet req = ResultSet.from(XepExamples.example("0059", 1).get(0).elements().get(0).child("set", ResultSet.NAMESPACE));
        assertThat(req.max()).isEqualTo(10);
        ResultSet lastPage = ResultSet.request(10, null, "", null);
        assertThat(ResultSet.from(lastPage.toElement()).before()).isEmpty(); // "<before/>": the last page (§2.5)
        ResultSet resp = ResultSet.response("a", 0, "z", 800);
        assertThat(ResultSet.from(resp.toElement())).isEqualTo(resp);
        assertThatThrownBy(() -> ResultSet.from(Element.builder("set", ResultSet.NAMESPACE).textChild("max", "-1").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
