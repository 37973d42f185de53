package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.stream.StreamEvent.ElementReceived;
import dev.parley.protocol.stream.StreamEvent.Failed;
import dev.parley.protocol.stream.StreamEvent.Opened;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 7395 framing: one standalone document per WebSocket message. */
class FrameParserTest {
    final FrameParser parser = new FrameParser();

    StreamEvent parse(String frame) {
        return parser.parse(frame.getBytes(StandardCharsets.UTF_8));
    }

    Condition failure(String frame) {
        StreamEvent e = parse(frame);
        assertThat(e).as(frame).isInstanceOf(Failed.class);
        return ((Failed) e).error().condition();
    }

    @Test
    void openStanzaClose_3_3() {
        StreamEvent open = parse("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0' xml:lang='en'/>");
        assertThat(((Opened) open).header().to()).isEqualTo("example.com");
        assertThat(((Opened) open).header().lang()).isEqualTo("en");
        StreamEvent msg = parse("<message xmlns=\"jabber:client\" xml:lang=\"en\">\n  <body>Every WebSocket message is parsable by itself.</body>\n</message>");
        assertThat(((ElementReceived) msg).element().childText("body", "jabber:client")).isEqualTo("Every WebSocket message is parsable by itself.");
        assertThat(parse("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>")).isEqualTo(StreamEvent.CLOSED);
    }

    @Test
    void xmlDeclarationIsAllowedButNotRecommended_3_3_3() {
        assertThat(parse("<?xml version='1.0'?><presence xmlns='jabber:client'/>")).isInstanceOf(ElementReceived.class);
    }

    @Test
    void headersMustBeInTheFramingNamespace_3_3_2() {
        assertThat(failure("<open xmlns='jabber:client' to='example.com' version='1.0'/>")).isEqualTo(Condition.INVALID_NAMESPACE);
        assertThat(failure("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"))
                .isEqualTo(Condition.NOT_WELL_FORMED); // an unclosed element is no standalone document
        assertThat(failure("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'/>"))
                .isEqualTo(Condition.INVALID_NAMESPACE);
    }

    @Test
    void framesHoldExactlyOneCompleteElement_3_3_3() {
        assertThat(failure("<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>")).isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(failure("<message xmlns='jabber:client'><body>")).isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(failure(" <presence xmlns='jabber:client'/>")).isEqualTo(Condition.NOT_WELL_FORMED); // first character must be '<'
        assertThat(failure("")).isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(failure("<presence/>")).isEqualTo(Condition.INVALID_NAMESPACE); // no namespace declared
    }

    @Test
    void restrictedXmlAndLimitsApply() {
        assertThat(failure("<message xmlns='jabber:client'><!-- c --></message>")).isEqualTo(Condition.RESTRICTED_XML);
        assertThat(failure("<message xmlns='jabber:client'><body>" + "x".repeat(300_000) + "</body></message>")).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(failure("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='2.0'/>")).isEqualTo(Condition.UNSUPPORTED_VERSION);
    }
}
