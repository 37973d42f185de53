package dev.parley.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the protocol benchmarks and prints the figures we track: parse MB/s on one core, and nanoseconds
 * to serialise a groupchat message. Arguments: [quick] for a short run.
 */
public final class ProtocolBench {
    public static void main(String[] args) throws RunnerException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        Options opts = new OptionsBuilder()
                .include(ParseBenchmark.class.getSimpleName())
                .include(SerializeBenchmark.class.getSimpleName())
                .include(RoomFanOutBenchmark.class.getSimpleName())
                .forks(1)
                .threads(1)
                .warmupIterations(quick ? 2 : 5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 8)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms512m", "-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(opts).run();

        int corpus = Corpus.stream(ParseBenchmark.CORPUS_BYTES).length;
        int msgBytes = SerializeBenchmark.messageBytes();
        System.out.println();
        System.out.println("== Parley protocol benchmark (one thread) ==");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            if (name.endsWith("parseCorpus")) {
                double mbs = score * corpus / 1e6;
                System.out.printf("parse, %5s-byte reads: %8.1f MB/s  (± %.1f)   corpus %d bytes%n",
                        r.getParams().getParam("chunk"), mbs, error * corpus / 1e6, corpus);
            } else if (name.endsWith("oneMessageToEveryOccupant")) {
                int n = Integer.parseInt(r.getParams().getParam("occupants"));
                System.out.printf("one room, one message to %4d occupants: %8.1f us  (± %.1f)  = %.2f us per delivery, %.0f deliveries/s%n",
                        n, score, error, score / n, n / score * 1e6);
            } else if (name.endsWith("serializeGroupchat")) {
                System.out.printf("serialize a %d-byte groupchat message: %6.1f ns  (± %.1f)  = %.0f MB/s%n",
                        msgBytes, score, error, msgBytes / score * 1e3);
            }
        }
    }
}
