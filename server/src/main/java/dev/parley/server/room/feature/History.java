package dev.parley.server.room.feature;

import dev.parley.protocol.ext.Delay;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Discussion history (§7.2.13–§7.2.14): a newcomer receives the room's recent messages after its own
 * presence, each with a delay stamped by the room, at most muc#maxhistoryfetch of them, fewer where its
 * join asks (maxchars, maxstanzas, seconds, since).
 */
final class History implements RoomFeature {
    static final String FIELD = "muc#maxhistoryfetch";

    @Override
    public void joined(Joined j) {
        if (j.created()) return;
        List<RoomState.StoredMessage> chosen = new ArrayList<>(j.history());
        int fetch = j.state().config().maxHistoryFetch();
        if (chosen.size() > fetch) chosen = new ArrayList<>(chosen.subList(chosen.size() - fetch, chosen.size()));
        MucJoin.History limits = j.join() == null ? null : j.join().history();
        if (limits != null) {
            Instant now = Instant.now();
            chosen.removeIf(h -> (limits.seconds() != null && h.stamp().isBefore(now.minusSeconds(limits.seconds())))
                    || (limits.since() != null && !h.stamp().isAfter(limits.since())));
            if (limits.maxStanzas() != null && chosen.size() > limits.maxStanzas()) {
                chosen = chosen.subList(chosen.size() - limits.maxStanzas(), chosen.size());
            }
        }
        // maxchars counts the stanzas as sent, newest first, so the newest fit (§7.2.14)
        List<Element> out = new ArrayList<>();
        int chars = 0;
        for (int i = chosen.size() - 1; i >= 0; i--) {
            RoomState.StoredMessage h = chosen.get(i);
            Element e = h.message().withAttribute("to", j.newcomer()).withChild(new Delay(h.stamp(), j.room(), null).toElement());
            chars += e.toString().length();
            if (limits != null && limits.maxChars() != null && chars > limits.maxChars()) break;
            out.add(0, e);
        }
        out.forEach(j::welcome);
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.TEXT_SINGLE, Integer.toString(c.maxHistoryFetch()))
                .withLabel("Maximum Number of History Messages Returned by Room"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        String v = submitted.value(FIELD);
        if (v == null) return c;
        try {
            int fetch = Integer.parseInt(v.trim());
            if (fetch < 0) throw new NumberFormatException();
            return c.copy().maxHistoryFetch(fetch).build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FIELD + " must be a number, 0 or more");
        }
    }
}
