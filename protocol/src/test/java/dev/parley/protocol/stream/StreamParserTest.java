package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.stream.StreamEvent.Closed;
import dev.parley.protocol.stream.StreamEvent.ElementReceived;
import dev.parley.protocol.stream.StreamEvent.Failed;
import dev.parley.protocol.stream.StreamEvent.Opened;
import dev.parley.protocol.xml.Element;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamParserTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' "
            + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'>";

    static List<StreamEvent> parse(String input) {
        return parse(new StreamParser(), input.getBytes(StandardCharsets.UTF_8));
    }

    static List<StreamEvent> parse(StreamParser parser, byte[] input) {
        List<StreamEvent> events = new ArrayList<>();
        parser.feed(input, events::add);
        return events;
    }

    static StreamError errorOf(List<StreamEvent> events) {
        assertThat(events).isNotEmpty();
        StreamEvent last = events.get(events.size() - 1);
        assertThat(last).as("last event of %s", events).isInstanceOf(Failed.class);
        assertThat(events.stream().filter(e -> e instanceof Failed)).hasSize(1);
        return ((Failed) last).error();
    }

    static Condition conditionOf(String input) {
        return errorOf(parse(input)).condition();
    }

    /**
     * A parser holds no input buffer between reads (docs/footprint.md): the slice a direct buffer is copied into
     * is the thread's, and two connections read in turns on one thread, each cut mid-name and mid-text, parse
     * as if alone.
     */
    @Test
    void parsersReadingDirectBuffersInTurnsOnOneThreadShareNoBytes() {
        assertThat(java.util.Arrays.stream(StreamParser.class.getDeclaredFields())
                .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers())).map(java.lang.reflect.Field::getType))
                .as("no buffer kept per parser").doesNotContain(byte[].class);
        String a = HEADER + "<message to='a@localhost' id='first'><body>" + "alpha ".repeat(1000) + "</body></message>";
        String b = HEADER + "<presence to='room@conference.localhost/nick'><status>" + "beta ".repeat(900) + "</status></presence>";
        StreamParser pa = new StreamParser(), pb = new StreamParser();
        List<StreamEvent> ea = new ArrayList<>(), eb = new ArrayList<>();
        byte[] ba = a.getBytes(StandardCharsets.UTF_8), bb = b.getBytes(StandardCharsets.UTF_8);
        int step = 37; // cuts names, attribute values and text at odd places
        for (int i = 0; i < Math.max(ba.length, bb.length); i += step) {
            if (i < ba.length) pa.feed(direct(ba, i, Math.min(step, ba.length - i)), ea::add);
            if (i < bb.length) pb.feed(direct(bb, i, Math.min(step, bb.length - i)), eb::add);
        }
        assertThat(ea).hasSize(2);
        assertThat(eb).hasSize(2);
        assertThat(((ElementReceived) ea.get(1)).element().child("body", "jabber:client").text()).isEqualTo("alpha ".repeat(1000));
        assertThat(((ElementReceived) eb.get(1)).element().child("status", "jabber:client").text()).isEqualTo("beta ".repeat(900));
    }

    static ByteBuffer direct(byte[] data, int off, int len) {
        ByteBuffer d = ByteBuffer.allocateDirect(len);
        d.put(data, off, len).flip();
        return d;
    }

    @Test
    void headerStanzasAndCloseAreReported() {
        List<StreamEvent> events = parse(HEADER + "<message to='room@conference.localhost' type='groupchat'>"
                + "<body>Hi &amp; &lt;bye&gt; &#x263A;</body></message> \n<presence/></stream:stream>");
        assertThat(events).hasSize(4);
        StreamHeader h = ((Opened) events.get(0)).header();
        assertThat(h.to()).isEqualTo("localhost");
        assertThat(h.version()).isEqualTo("1.0");
        assertThat(h.lang()).isEqualTo("en");
        assertThat(h.contentNamespace()).isEqualTo("jabber:client");
        Element message = ((ElementReceived) events.get(1)).element();
        assertThat(message.is("message", "jabber:client")).isTrue();
        assertThat(message.attribute("type")).isEqualTo("groupchat");
        assertThat(message.childText("body", "jabber:client")).isEqualTo("Hi & <bye> \u263A");
        assertThat(((ElementReceived) events.get(2)).element()).isEqualTo(Element.of("presence", "jabber:client"));
        assertThat(events.get(3)).isInstanceOf(Closed.class);
    }

    @Test
    void prefixedNamespacesAreResolvedAndPrefixesForgotten() {
        List<StreamEvent> events = parse(HEADER + "<iq type='get' id='1'><q:query xmlns:q='http://jabber.org/protocol/disco#info'/></iq>");
        Element iq = ((ElementReceived) events.get(1)).element();
        assertThat(iq.child("query", "http://jabber.org/protocol/disco#info")).isNotNull();
        List<StreamEvent> unprefixed = parse(HEADER + "<iq type='get' id='1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertThat(((ElementReceived) unprefixed.get(1)).element()).isEqualTo(iq);
    }

    @Test
    void bytesSplitMidMultibyteCharacterAreReassembled() {
        byte[] all = (HEADER + "<message><body>caf\u00e9 \uD83D\uDE00</body></message>").getBytes(StandardCharsets.UTF_8);
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = new ArrayList<>();
        for (byte b : all) parser.feed(new byte[] {b}, events::add);
        assertThat(((ElementReceived) events.get(1)).element().childText("body", "jabber:client")).isEqualTo("caf\u00e9 \uD83D\uDE00");
    }

    @Test
    void restartInsideCallbackParsesTheRestAsANewStream() {
        // SASL success and the client's new header in one TCP segment (RFC 6120 §6.4.6).
        String input = HEADER + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + HEADER + "<presence/>";
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = new ArrayList<>();
        parser.feed(input.getBytes(StandardCharsets.UTF_8), e -> {
            events.add(e);
            if (e instanceof ElementReceived r && r.element().name().equals("success")) parser.restart();
        });
        assertThat(events).hasSize(4);
        assertThat(events.get(2)).isInstanceOf(Opened.class);
        assertThat(((ElementReceived) events.get(3)).element().name()).isEqualTo("presence");
    }

    @Test
    void restartBetweenFeedsExpectsANewHeader() {
        StreamParser parser = new StreamParser();
        parse(parser, (HEADER + "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").getBytes(StandardCharsets.UTF_8));
        parser.restart();
        List<StreamEvent> events = parse(parser, (HEADER + "<presence/>").getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(2).first().isInstanceOf(Opened.class);
    }

    @Test
    void directByteBufferIsConsumed() {
        byte[] bytes = (HEADER + "<presence/>").getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        List<StreamEvent> events = new ArrayList<>();
        new StreamParser().feed(direct, events::add);
        assertThat(direct.remaining()).isZero();
        assertThat(events).hasSize(2);
    }

    @Test
    void whitespaceKeepalivesAreIgnored() {
        assertThat(parse(HEADER + " \n \n<presence/> \t ")).hasSize(2);
    }

    @Test
    void languageIsInheritedFromTheStream() {
        List<StreamEvent> events = parse(HEADER + "<message><body>a</body><body xml:lang='de'>b</body></message>");
        StreamHeader h = ((Opened) events.get(0)).header();
        Element m = ((ElementReceived) events.get(1)).element();
        var env = dev.parley.protocol.xml.XmlEnvironment.of(h.lang()).child(m);
        List<Element> bodies = m.children("body", "jabber:client");
        assertThat(env.langOf(bodies.get(0))).isEqualTo("en");
        assertThat(env.langOf(bodies.get(1))).isEqualTo("de");
    }

    // --- stream errors (RFC 6120 §4.9.3) -------------------------------------------------------------

    @Test
    void notWellFormed_4_9_3_13() {
        assertThat(conditionOf(HEADER + "<message><body>No closing tag!</message>")).isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(conditionOf(HEADER + "<a x='1' x='2'/>")).isEqualTo(Condition.NOT_WELL_FORMED);
        assertThat(conditionOf(HEADER + "<a><</a>")).isEqualTo(Condition.NOT_WELL_FORMED);
    }

    @Test
    void badCharactersInsideTextAreNotWellFormed() {
        // Aalto decodes text lazily and reports these unchecked: found by the mutation property
        assertThat(conditionOf(HEADER + "<message><body>a\u0000b</body></message>")).isEqualTo(Condition.NOT_WELL_FORMED);
        byte[] head = (HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</body></message>".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            byte[] input = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, input, 0, head.length);
            System.arraycopy(bad, 0, input, head.length, bad.length);
            System.arraycopy(tail, 0, input, head.length + bad.length, tail.length);
            assertThat(errorOf(parse(new StreamParser(), input)).condition()).isEqualTo(Condition.NOT_WELL_FORMED);
        }
    }

    @Test
    void badNamespacePrefix_4_9_3_2() {
        assertThat(conditionOf(HEADER + "<foo:message/>")).isEqualTo(Condition.BAD_NAMESPACE_PREFIX);
    }

    @Test
    void restrictedXml_11_1() {
        assertThat(conditionOf(HEADER + "<!-- a comment --><presence/>")).isEqualTo(Condition.RESTRICTED_XML);
        assertThat(conditionOf(HEADER + "<message><!-- a comment --></message>")).isEqualTo(Condition.RESTRICTED_XML);
        assertThat(conditionOf(HEADER + "<?php echo 1 ?>")).isEqualTo(Condition.RESTRICTED_XML);
        assertThat(conditionOf(HEADER + "<message><body>&nbsp;</body></message>")).isEqualTo(Condition.RESTRICTED_XML);
        assertThat(conditionOf("<?xml version='1.0'?><!DOCTYPE stream:stream>" + HEADER.substring(21))).isEqualTo(Condition.RESTRICTED_XML);
    }

    @Test
    void billionLaughsIsRefusedAsRestrictedXml() {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '");
            for (int j = 0; j < 10; j++) dtd.append("&lol").append(i == 1 ? "" : i - 1).append(';');
            dtd.append("'>");
        }
        dtd.append("]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
                + "<message><body>&lol9;</body></message>");
        assertThat(conditionOf(dtd.toString())).isEqualTo(Condition.RESTRICTED_XML);
        // The same split byte by byte: the subset's "<!" arrives long before the error.
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = new ArrayList<>();
        for (byte b : dtd.toString().getBytes(StandardCharsets.UTF_8)) parser.feed(new byte[] {b}, events::add);
        assertThat(errorOf(events).condition()).isEqualTo(Condition.RESTRICTED_XML);
    }

    @Test
    void invalidNamespace_4_9_3_10() {
        assertThat(conditionOf("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong' version='1.0'>"))
                .isEqualTo(Condition.INVALID_NAMESPACE);
        assertThat(conditionOf("<stream:stream xmlns='jabber:wrong' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"))
                .isEqualTo(Condition.INVALID_NAMESPACE);
        assertThat(conditionOf("<message xmlns='jabber:client'/>")).isEqualTo(Condition.INVALID_NAMESPACE);
        assertThat(conditionOf(HEADER + "<message xmlns=''/>")).isEqualTo(Condition.INVALID_NAMESPACE);
    }

    @Test
    void unsupportedVersion_4_9_3_25() {
        assertThat(conditionOf("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"))
                .isEqualTo(Condition.UNSUPPORTED_VERSION);
        assertThat(conditionOf("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='2.0'>"))
                .isEqualTo(Condition.UNSUPPORTED_VERSION);
        assertThat(parse("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.1'>").get(0))
                .isInstanceOf(Opened.class);
    }

    @Test
    void unsupportedEncoding_4_9_3_22() {
        assertThat(conditionOf("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(21)))
                .isEqualTo(Condition.UNSUPPORTED_ENCODING);
    }

    @Test
    void badFormatForTextBetweenStanzas_4_9_3_1() {
        assertThat(conditionOf(HEADER + "hello<presence/>")).isEqualTo(Condition.BAD_FORMAT);
    }

    @Test
    void afterAFailureInputIsDiscarded() {
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = parse(parser, (HEADER + "<a><</a>").getBytes(StandardCharsets.UTF_8));
        assertThat(parser.isDone()).isTrue();
        assertThat(parse(parser, "<presence/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(events.get(events.size() - 1)).isInstanceOf(Failed.class);
    }

    // --- limits: policy-violation (RFC 6120 §4.9.3.14), with bounded memory -----------------------------

    @Test
    void oversizedStanzaIsRefused() {
        XmlLimits limits = XmlLimits.DEFAULTS.withMaxElementBytes(1024);
        StreamParser parser = new StreamParser(limits, java.util.Set.of("jabber:client"));
        List<StreamEvent> events = parse(parser, (HEADER + "<message><body>" + "x".repeat(2000) + "</body></message>").getBytes(StandardCharsets.UTF_8));
        assertThat(errorOf(events).condition()).isEqualTo(Condition.POLICY_VIOLATION);
        // exactly at the limit is fine
        StreamParser ok = new StreamParser(limits, java.util.Set.of("jabber:client"));
        String stanza = "<message><body>" + "x".repeat(1024 - 32) + "</body></message>";
        assertThat(stanza).hasSize(1024 - 32 + 32);
        assertThat(parse(ok, (HEADER + stanza).getBytes(StandardCharsets.UTF_8))).hasSize(2).last().isInstanceOf(ElementReceived.class);
    }

    @Test
    void tenMegabyteAttributeIsRefusedWithoutBufferingIt() {
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = new ArrayList<>();
        parser.feed((HEADER + "<message to='").getBytes(StandardCharsets.UTF_8), events::add);
        byte[] chunk = "a".repeat(65536).getBytes(StandardCharsets.UTF_8);
        int fedChunks = 0;
        while (!parser.isDone() && fedChunks < 160) { // 160 × 64 KiB = 10 MiB
            parser.feed(chunk, events::add);
            fedChunks++;
        }
        assertThat(errorOf(events).condition()).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(fedChunks).isLessThanOrEqualTo(XmlLimits.DEFAULTS.maxElementBytes() / chunk.length + 1);
    }

    @Test
    void hundredThousandNestedElementsAreRefused() {
        String deep = "<a>".repeat(100_000);
        assertThat(conditionOf(HEADER + "<message>" + deep)).isEqualTo(Condition.POLICY_VIOLATION);
        // at the limit: the stanza is depth 1, so maxDepth - 1 nested children fit
        int inner = XmlLimits.DEFAULTS.maxDepth() - 1;
        assertThat(parse(HEADER + "<message>" + "<a>".repeat(inner) + "</a>".repeat(inner) + "</message>"))
                .last().isInstanceOf(ElementReceived.class);
    }

    @Test
    void tooManyAttributesNamespacesLongNamesAndTextAreRefused() {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i <= XmlLimits.DEFAULTS.maxAttributes(); i++) attrs.append(" a").append(i).append("='v'");
        assertThat(conditionOf(HEADER + "<message" + attrs + "/>")).isEqualTo(Condition.POLICY_VIOLATION);
        StringBuilder nss = new StringBuilder();
        for (int i = 0; i <= XmlLimits.DEFAULTS.maxNamespaceDeclarations(); i++) nss.append(" xmlns:p").append(i).append("='urn:").append(i).append("'");
        assertThat(conditionOf(HEADER + "<message" + nss + "/>")).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(conditionOf(HEADER + "<" + "m".repeat(300) + "/>")).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(conditionOf(HEADER + "<message a='" + "v".repeat(70_000) + "'/>")).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(conditionOf(HEADER + "<message><body>" + "t".repeat(140_000) + "</body></message>")).isEqualTo(Condition.POLICY_VIOLATION);
    }

    @Test
    void oversizedHeaderIsRefused() {
        assertThat(conditionOf("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
                + "a".repeat(10_000) + "' version='1.0'>")).isEqualTo(Condition.POLICY_VIOLATION);
    }
}
