package dev.parley.server.room;

import dev.parley.protocol.ext.Delay;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.xml.Element;
import dev.parley.server.session.Session;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A room's discussion history as newcomers receive it (XEP-0045 §7.2.13–§7.2.14): a persistent room's
 * comes from its state (written in batches, see Room.Flush); a temporary room's is kept here, in memory,
 * for the room lives only while someone is in it.
 */
final class DiscussionHistory {
    /** What a temporary room keeps. */
    static final int SIZE = 20;

    private final BareJid room;
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();

    record Entry(Element message, Instant stamp) {}

    DiscussionHistory(BareJid room) {
        this.room = room;
    }

    /** A temporary room's message, as reflected (from the occupant JID). */
    void add(Element message, Instant stamp) {
        recent.addLast(new Entry(message, stamp));
        while (recent.size() > SIZE) recent.removeFirst();
    }

    void clear() {
        recent.clear();
    }

    /** §7.2.13–§7.2.14: the history, each message with a delay stamped by the room, within the asked limits. */
    void send(RoomState state, ActorRef<Session.Command> session, FullJid to, MucJoin join) {
        MucJoin.History limits = join == null ? null : join.history();
        List<Entry> chosen = new ArrayList<>(recent);
        if (state.config().persistent()) {
            chosen.clear();
            for (RoomState.StoredMessage sm : state.history()) chosen.add(new Entry(sm.message(), sm.stamp()));
        }
        int fetch = state.config().maxHistoryFetch();
        if (chosen.size() > fetch) chosen = new ArrayList<>(chosen.subList(chosen.size() - fetch, chosen.size()));
        if (limits != null) {
            Instant now = Instant.now();
            chosen.removeIf(h -> (limits.seconds() != null && h.stamp().isBefore(now.minusSeconds(limits.seconds())))
                    || (limits.since() != null && !h.stamp().isAfter(limits.since())));
            if (limits.maxStanzas() != null && chosen.size() > limits.maxStanzas()) {
                chosen = chosen.subList(chosen.size() - limits.maxStanzas(), chosen.size());
            }
        }
        List<Element> out = new ArrayList<>();
        int chars = 0;
        for (int i = chosen.size() - 1; i >= 0; i--) {
            Entry h = chosen.get(i);
            Element e = h.message().withAttribute("to", to.toString()).withChild(new Delay(h.stamp(), room.toString(), null).toElement());
            chars += e.toString().length();
            if (limits != null && limits.maxChars() != null && chars > limits.maxChars()) break;
            out.add(0, e);
        }
        for (Element e : out) session.tell(new Session.Deliver(e));
    }
}
