package dev.parley.protocol.stream;

import java.util.ArrayList;
import java.util.List;

/** Feeds a stream in given pieces and normalises the events so runs can be compared. */
final class SplitFeeding {
    private SplitFeeding() {}

    /** The events of {@code input} fed in pieces ending at the (sorted, distinct) {@code cuts}, comparable. */
    static List<StreamEvent> feed(byte[] input, int... cuts) {
        return comparable(feedRaw(input, cuts));
    }

    /** The events exactly as the parser reported them. */
    static List<StreamEvent> feedRaw(byte[] input, int... cuts) {
        StreamParser parser = new StreamParser();
        List<StreamEvent> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            if (cut <= from || cut >= input.length) continue;
            parser.feed(input, from, cut - from, events::add);
            from = cut;
        }
        parser.feed(input, from, input.length - from, events::add);
        return events;
    }

    /** Failures compared by condition only: the reader's message text may name positions differently. */
    static List<StreamEvent> comparable(List<StreamEvent> events) {
        return events.stream()
                .map(e -> e instanceof StreamEvent.Failed f ? new StreamEvent.Failed(StreamError.of(f.error().condition())) : e)
                .toList();
    }
}
