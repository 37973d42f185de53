package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/**
 * The form a run's room creator submits. A room the run fills past a server's default limit (ejabberd's is 200
 * occupants) is configured for everyone the run puts in it, or the last clients would be turned away with
 * service-unavailable (XEP-0045 §7.2.9); a small run keeps the instant room (§10.1.2). The servers' acceptance of
 * the form is {@code LoadRunTest}'s: a rejected configuration is counted as an error there.
 */
class RoomFormTest {

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> out = new LinkedHashMap<>();
        NodeList fs = form.getElementsByTagNameNS("jabber:x:data", "field");
        for (int i = 0; i < fs.getLength(); i++) {
            Element f = (Element) fs.item(i);
            out.put(f.getAttribute("var"), f.getElementsByTagNameNS("jabber:x:data", "value").item(0).getTextContent());
        }
        return out;
    }

    @Test
    void aRoomForTheRunsClientsIsConfiguredToHoldThemAll_10_1_3() throws Exception {
        Element form = parse(XmppClient.roomForm(500));
        assertThat(form.getNamespaceURI()).isEqualTo("jabber:x:data");
        assertThat(form.getAttribute("type")).isEqualTo("submit");
        assertThat(fields(form)).containsExactly(
                Map.entry("FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig"),
                Map.entry("muc#roomconfig_maxusers", "500"));
    }

    @Test
    void withoutAPlannedSizeTheRoomIsAnInstantRoom_10_1_2() throws Exception {
        Element form = parse(XmppClient.roomForm(0));
        assertThat(form.getAttribute("type")).isEqualTo("submit");
        assertThat(fields(form)).isEmpty();
    }
}
