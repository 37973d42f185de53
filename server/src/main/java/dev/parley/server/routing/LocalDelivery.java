package dev.parley.server.routing;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * RFC 6121 §8.5: where a stanza addressed to a local user goes, given that user's resources. A pure
 * function, so each rule is tested on its own. Offline storage is not offered: where the RFC allows
 * "store or return an error", we return {@code service-unavailable}.
 */
public final class LocalDelivery {
    private LocalDelivery() {}

    /** The outcome: the resources to deliver to (the stanza unchanged, 'to' not rewritten), or an error, or nothing. */
    public record Decision(List<Resource> recipients, StanzaError error, boolean answerOnBehalf) {
        static Decision deliver(List<Resource> to) {
            return new Decision(to, null, false);
        }

        static Decision error(StanzaError.Condition c) {
            return new Decision(List.of(), StanzaError.of(c), false);
        }

        static final Decision IGNORE = new Decision(List.of(), null, false);
        /** An IQ to a bare JID: the server answers for the user (§8.5.2.1.3). */
        static final Decision ON_BEHALF = new Decision(List.of(), null, true);
    }

    public static Decision decide(Stanza stanza, Jid to, Collection<Resource> resources) {
        if (to.resource() != null) return toFullJid(stanza, to, resources);
        return toBareJid(stanza, resources);
    }

    private static Decision toBareJid(Stanza stanza, Collection<Resource> resources) {
        if (stanza instanceof Iq) return Decision.ON_BEHALF; // §8.5.2.1.3 and §8.5.2.2.3
        if (stanza instanceof Presence p) {
            Presence.Type type = p.type();
            // §8.5.2.1.2: available/unavailable go to all available resources; subscriptions and probes need
            // rosters, which this server does not keep (every contact is "none"): they are ignored (§3, App. A).
            if (type == Presence.Type.AVAILABLE || type == Presence.Type.UNAVAILABLE) return Decision.deliver(available(resources));
            return Decision.IGNORE;
        }
        Message m = (Message) stanza;
        return switch (m.type()) {
            case ERROR -> Decision.IGNORE;
            case GROUPCHAT -> Decision.error(StanzaError.Condition.SERVICE_UNAVAILABLE); // §8.5.2.1.1, §8.5.2.2.1
            case HEADLINE -> Decision.deliver(nonNegative(resources)); // all non-negative, or silently ignored
            case NORMAL, CHAT -> {
                List<Resource> best = mostAvailable(resources);
                yield best.isEmpty() ? Decision.error(StanzaError.Condition.SERVICE_UNAVAILABLE) : Decision.deliver(best);
            }
        };
    }

    private static Decision toFullJid(Stanza stanza, Jid to, Collection<Resource> resources) {
        Resource match = null;
        for (Resource r : resources) if (r.jid().equals(to)) match = r;
        if (match != null) return Decision.deliver(List.of(match)); // §8.5.3.1
        if (stanza instanceof Iq iq) {
            // §8.5.3.2.3: requests get service-unavailable; results and errors are ignored
            return iq.type() != null && iq.type().isRequest() ? Decision.error(StanzaError.Condition.SERVICE_UNAVAILABLE) : Decision.IGNORE;
        }
        if (stanza instanceof Presence) return Decision.IGNORE; // §8.5.3.2.2
        Message m = (Message) stanza;
        return switch (m.type()) {
            case ERROR -> Decision.IGNORE;
            case CHAT -> { // §8.5.3.2.1: as if to the bare JID
                List<Resource> best = mostAvailable(resources);
                yield best.isEmpty() ? Decision.error(StanzaError.Condition.SERVICE_UNAVAILABLE) : Decision.deliver(best);
            }
            default -> Decision.error(StanzaError.Condition.SERVICE_UNAVAILABLE);
        };
    }

    static List<Resource> available(Collection<Resource> resources) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : resources) if (r.available()) out.add(r);
        return out;
    }

    static List<Resource> nonNegative(Collection<Resource> resources) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : resources) if (r.available() && r.priority() >= 0) out.add(r);
        return out;
    }

    /** The available resources of highest non-negative priority (the RFC's "most available"). */
    static List<Resource> mostAvailable(Collection<Resource> resources) {
        int best = -1;
        for (Resource r : resources) if (r.available() && r.priority() > best) best = r.priority();
        List<Resource> out = new ArrayList<>();
        if (best < 0) return out;
        for (Resource r : resources) if (r.available() && r.priority() == best) out.add(r);
        return out;
    }
}
