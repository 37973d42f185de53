package dev.parley.protocol.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentHandshakeTest {
    @Test
    void theDigestIsLowerCaseHexOfSha1OfStreamIdThenSecret_XEP0114_3() {
        // sha1("3BF96D32" + "secret"), computed independently (Python's hashlib)
        assertEquals("b09ea9b3b7f586be8a08d0a3dd7466f110aeb136", ComponentHandshake.digest("3BF96D32", "secret"));
        Element h = ComponentHandshake.request("3BF96D32", "secret");
        assertEquals("handshake", h.name());
        assertEquals(ComponentHandshake.NAMESPACE, h.namespace());
    }

    @Test
    void aServersVersionlessComponentHeaderIsAccepted_XEP0114_3_butNotOnAClientStream() {
        String header = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept'"
                + " from='muc.example' id='3BF96D32'><handshake/>";
        List<StreamEvent> events = new ArrayList<>();
        new StreamParser(XmlLimits.DEFAULTS, Set.of(ComponentHandshake.NAMESPACE), true).feed(header.getBytes(StandardCharsets.UTF_8), events::add);
        assertTrue(events.get(0) instanceof StreamEvent.Opened o && "3BF96D32".equals(o.header().id()), events.toString());
        assertTrue(events.get(1) instanceof StreamEvent.ElementReceived r && ComponentHandshake.isSuccess(r.element()), events.toString());

        List<StreamEvent> strict = new ArrayList<>();
        new StreamParser(XmlLimits.DEFAULTS, Set.of(ComponentHandshake.NAMESPACE)).feed(header.getBytes(StandardCharsets.UTF_8), strict::add);
        assertTrue(strict.get(0) instanceof StreamEvent.Failed, strict.toString());
    }
}
