package dev.parley.bench;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Stream parsing throughput: one op parses the whole corpus (1 MiB) fed in network-sized chunks. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {
    public static final int CORPUS_BYTES = 1 << 20;

    /** Bytes per feed() call: a typical TCP read (16 KiB), or small reads (512 B). */
    @Param({"16384", "512"})
    public int chunk;

    byte[] corpus;

    @Setup
    public void setup() {
        corpus = Corpus.stream(CORPUS_BYTES);
    }

    @Benchmark
    public int parseCorpus(Blackhole bh) {
        StreamParser parser = new StreamParser();
        int[] elements = {0};
        for (int off = 0; off < corpus.length; off += chunk) {
            parser.feed(corpus, off, Math.min(chunk, corpus.length - off), e -> {
                if (e instanceof StreamEvent.ElementReceived r) {
                    elements[0]++;
                    bh.consume(r.element());
                } else if (e instanceof StreamEvent.Failed f) {
                    throw new IllegalStateException(f.error().toString());
                }
            });
        }
        return elements[0];
    }
}
