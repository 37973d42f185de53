package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.corpus.XepExamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of the corpus as a stream of its own (XML declaration, header, example, close), cut in
 * two at every byte boundary (mid-tag, mid-attribute, mid-UTF-8 sequence): the same events as one feed.
 */
class SplitEquivalenceTest {
    static Stream<XepExamples.Example> examples() {
        return XepExamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyTwoWaySplitGivesTheSameEvents(XepExamples.Example example) {
        byte[] input = ("<?xml version='1.0'?>" + XepExamples.STREAM_HEADER + example.xml() + "</stream:stream>").getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> whole = SplitFeeding.feed(input);
        assertThat(whole).isNotEmpty();
        for (int cut = 1; cut < input.length; cut++) {
            assertThat(SplitFeeding.feed(input, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
    }
}
