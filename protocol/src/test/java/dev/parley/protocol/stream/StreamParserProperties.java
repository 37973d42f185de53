package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.corpus.XepExamples;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the stream parser over the whole XEP corpus as one realistic stream (~100 KB). */
class StreamParserProperties {
    static final byte[] CORPUS = XepExamples.corpusStream();
    static final List<StreamEvent> WHOLE = SplitFeeding.feed(CORPUS);

    /** Any multi-way split of the corpus yields the same events as one feed. */
    @Property(tries = 200)
    void randomMultiSplitsGiveTheSameEvents(@ForAll("cuts") int[] cuts) {
        assertThat(WHOLE.get(WHOLE.size() - 1)).isEqualTo(StreamEvent.CLOSED);
        assertThat(SplitFeeding.feed(CORPUS, cuts)).isEqualTo(WHOLE);
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return Arbitraries.integers().between(1, CORPUS.length - 1).array(int[].class).ofMinSize(1).ofMaxSize(400)
                .map(a -> Arrays.stream(a).sorted().distinct().toArray());
    }

    /** A byte changed, inserted or removed anywhere: events and at most one defined stream error, never an exception. */
    @Property(tries = 1000)
    void mutationsOnlyEverYieldADefinedStreamError(@ForAll("mutated") byte[] input, @ForAll("smallCuts") int[] cuts) {
        List<StreamEvent> events = SplitFeeding.feedRaw(input, cuts);
        long failures = events.stream().filter(e -> e instanceof StreamEvent.Failed).count();
        assertThat(failures).isLessThanOrEqualTo(1);
        if (failures == 1) {
            assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Failed.class);
            assertThat(((StreamEvent.Failed) events.get(events.size() - 1)).error().condition()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, CORPUS.length - 1);
        Arbitrary<Byte> value = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) '<', (byte) '>', (byte) '&', (byte) '/', (byte) '\'', (byte) '"', (byte) '=', (byte) ':', (byte) 0xC3, (byte) 0xFF, (byte) 0));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        Arbitrary<int[]> one = Combinators.combine(position, value, kind).as((p, v, k) -> new int[] {p, v, k});
        return one.list().ofMinSize(1).ofMaxSize(5).map(StreamParserProperties::apply);
    }

    @Provide
    Arbitrary<int[]> smallCuts() {
        return Arbitraries.integers().between(1, CORPUS.length - 1).array(int[].class).ofMaxSize(20)
                .map(a -> Arrays.stream(a).sorted().distinct().toArray());
    }

    private static byte[] apply(List<int[]> mutations) {
        byte[] b = CORPUS.clone();
        for (int[] m : mutations) {
            int p = Math.min(m[0], b.length - 1);
            switch (m[2]) {
                case 0 -> b[p] = (byte) m[1];
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, p);
                    c[p] = (byte) m[1];
                    System.arraycopy(b, p, c, p + 1, b.length - p);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, p);
                    System.arraycopy(b, p + 1, c, p, b.length - p - 1);
                    b = c;
                }
            }
        }
        return b;
    }
}
