package dev.parley.protocol.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of XEP-0045 and the other XEPs we implement: parse → model → serialize → parse again,
 * equal. The serializer must reproduce the element exactly; each modelled extension must come back from
 * its typed model with nothing lost.
 */
class XepExampleRoundTripTest {
    static final AtomicInteger MODELLED = new AtomicInteger();

    static Stream<XepExamples.Example> parsableExamples() {
        return XepExamples.all().stream().filter(e -> !e.elements().isEmpty());
    }

    @Test
    void nearlyAllExamplesAreParsableXml() {
        List<XepExamples.Example> all = XepExamples.all();
        List<String> unparsable = all.stream().filter(e -> e.elements().isEmpty()).map(XepExamples.Example::title).toList();
        // The few that are not XML stanzas: IRI examples, comments, elided "[...]" content, schema-like fragments.
        assertThat(all).hasSizeGreaterThan(300);
        assertThat(unparsable.size()).as("unparsable: %s", unparsable).isLessThan(all.size() / 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsableExamples")
    void serializeAndParseAgainIsEqual(XepExamples.Example example) {
        for (Element e : example.elements()) {
            String xml = new String(XmlWriter.toBytes(e, NamespaceScope.ofDefault("jabber:client")), StandardCharsets.UTF_8);
            List<Element> again = XepExamples.parse(xml);
            assertThat(again).as(xml).containsExactly(e);
            if (e.namespace().equals("jabber:client")) {
                // written inside a jabber:client stream, a stanza declares no namespace of its own
                assertThat(xml).as("redundant xmlns").doesNotStartWith("<" + e.name() + " xmlns=");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsableExamples")
    void modelledExtensionsSurviveTheirModel(XepExamples.Example example) {
        for (Element e : example.elements()) {
            if (Stream.of("message", "presence", "iq").anyMatch(e.name()::equals)) {
                assertThat(Stanza.from(e)).as("typed stanza").isNotNull();
            }
            check(e);
        }
    }

    private static void check(Element e) {
        UnaryOperator<Element> model = ModelRoundTrip.modelFor(e);
        if (model != null) {
            MODELLED.incrementAndGet();
            Element rebuilt = model.apply(e);
            assertThat(ModelRoundTrip.normalize(rebuilt)).as("model of %s", e).isEqualTo(ModelRoundTrip.normalize(e));
            // and through bytes again
            List<Element> reparsed = XepExamples.parse(new String(XmlWriter.toBytes(rebuilt), StandardCharsets.UTF_8));
            assertThat(reparsed).containsExactly(rebuilt);
            return;
        }
        for (Element c : e.elements()) check(c);
    }

    @AfterAll
    static void enoughWasModelled() {
        // guards against the corpus silently shrinking: XEP-0045 alone has well over 150 modelled payloads
        if (MODELLED.get() > 0) assertThat(MODELLED.get()).isGreaterThan(150);
    }
}
