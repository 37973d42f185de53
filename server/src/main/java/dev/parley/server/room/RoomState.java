package dev.parley.server.room;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.server.wire.CborSerializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a room keeps across restarts: whether it exists, whether it is still locked awaiting its initial
 * configuration (XEP-0045 §10.1), its configuration, its affiliations (by bare JID), its subject, its
 * discussion history, and who is in it. Changed only by the room's events.
 *
 * <p>The occupants are here so that a room outlives the node that hosted it: the next incarnation, on
 * whichever node, starts with the occupants the last one had told anyone about (their sessions live on
 * other nodes and stay in), and drops those whose sessions are gone.
 *
 * @param created the room exists (it was created and not destroyed since)
 * @param locked created but not configured yet: nobody but an owner may enter (§7.2.10)
 * @param config the configuration
 * @param affiliations owner, admin, member and outcast, by bare JID; everyone else is "none"
 * @param subject the current subject, "" for none
 * @param subjectBy the occupant nickname that set it, or null
 * @param history a persistent room's discussion history
 * @param nicks nicknames reserved by registration (§7.10), by bare JID; they go with the membership
 * @param secret the key of the room's occupant ids (XEP-0421), base64; null in rooms created before they existed
 * @param occupants who is in the room, in order of entry
 * @param hats the hats the room defines and who wears which (XEP-0317)
 * @param avatar the room's vCard with its avatar (XEP-0486), or null
 */
public record RoomState(boolean created, boolean locked, RoomConfig config, Map<String, Affiliation> affiliations, String subject, String subjectBy,
        List<StoredMessage> history, Map<String, String> nicks, String secret, List<Occupant> occupants, Hats hats, RoomAvatar avatar)
        implements CborSerializable {
    public static final RoomState NONE = new RoomState(false, false, RoomConfig.DEFAULT, Map.of(), "", null, List.of(), Map.of(), null, List.of(), Hats.NONE, null);

    /** The most messages a persistent room keeps as discussion history. */
    public static final int HISTORY_LIMIT = 50;

    /**
     * A message of the room's history: as reflected (from the occupant JID), when, who sent it (the real full JID: with
     * the message's id, how a message sent again after a move is known; null in messages stored before), and its
     * position in the room's order, the archive's (XEP-0313 §3.1: 1, 2, … in the order written; 0 in messages
     * stored before the archive existed, which it never holds).
     */
    public record StoredMessage(dev.parley.protocol.xml.Element message, java.time.Instant stamp, String sender, long position) implements CborSerializable {
        public StoredMessage(dev.parley.protocol.xml.Element message, java.time.Instant stamp) {
            this(message, stamp, null, 0);
        }

        public StoredMessage(dev.parley.protocol.xml.Element message, java.time.Instant stamp, String sender) {
            this(message, stamp, sender, 0);
        }

        StoredMessage at(long newPosition) {
            return new StoredMessage(message, stamp, sender, newPosition);
        }

        StoredMessage replacedBy(dev.parley.protocol.xml.Element tombstone) {
            return new StoredMessage(tombstone, stamp, sender, position);
        }
    }

    /** The position of the last message written (0: none yet): the next ones are numbered from here. */
    public long lastPosition() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).position(); // written in order: the last is the highest
    }

    public RoomState {
        affiliations = Map.copyOf(affiliations);
        history = List.copyOf(history);
        nicks = nicks == null ? Map.of() : Map.copyOf(nicks); // absent from snapshots written before registration existed
        occupants = occupants == null ? List.of() : List.copyOf(occupants); // absent from snapshots written before failover existed
        if (hats == null) hats = Hats.NONE; // absent from snapshots written before hats existed
    }

    // --- occupants: a list in order of entry, copied on change (a room's occupants change far less often than it is read) ---

    /** A newcomer, last in the order of entry (a renamed occupant is written as it exits and enters again). */
    RoomState entered(Occupant o) {
        java.util.ArrayList<Occupant> next = new java.util.ArrayList<>(occupants.size() + 1);
        for (Occupant x : occupants) if (!x.realJid().equals(o.realJid())) next.add(x);
        next.add(o);
        return withOccupants(next);
    }

    RoomState exited(String realJid) {
        java.util.ArrayList<Occupant> next = new java.util.ArrayList<>(occupants.size());
        for (Occupant x : occupants) if (!x.realJid().toString().equals(realJid)) next.add(x);
        return next.size() == occupants.size() ? this : withOccupants(next);
    }

    /** Its presence, role or affiliation changed; an occupant that is not in (any more) under that nickname stays out. */
    RoomState changed(Occupant o) {
        java.util.ArrayList<Occupant> next = new java.util.ArrayList<>(occupants);
        for (int i = 0; i < next.size(); i++) {
            Occupant x = next.get(i);
            if (x.realJid().equals(o.realJid()) && x.nick().equals(o.nick())) {
                next.set(i, o);
                return withOccupants(next);
            }
        }
        return this;
    }

    RoomState withOccupants(List<Occupant> next) {
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, history, nicks, secret, next, hats, avatar);
    }

    /** The nickname {@code bareJid} registered, or null. */
    public String reservedNick(String bareJid) {
        return nicks.get(bareJid);
    }

    /** Who reserved the nickname whose comparable form (RFC 8266) is {@code comparable}, or null. */
    public String holderOf(String comparable) {
        for (Map.Entry<String, String> e : nicks.entrySet()) {
            try {
                if (dev.parley.protocol.muc.Nickname.of(e.getValue()).comparable().equals(comparable)) return e.getKey();
            } catch (dev.parley.protocol.jid.JidFormatException ignored) {
                // stored nicknames were valid when stored
            }
        }
        return null;
    }

    RoomState withNick(String bareJid, String nick) {
        Map<String, String> next = new HashMap<>(nicks);
        if (nick == null) next.remove(bareJid);
        else next.put(bareJid, nick);
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, history, next, secret, occupants, hats, avatar);
    }

    /** A message of the history retracted by a moderator (XEP-0425 §4): its tombstone in its place. */
    RoomState withRetracted(dev.parley.protocol.xml.Element tombstone) {
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, Moderation.replaced(history, tombstone), nicks, secret, occupants, hats, avatar);
    }

    RoomState withStored(List<StoredMessage> added) {
        List<StoredMessage> h = Moderation.withRetractionsApplied(history, added); // XEP-0424: a sender's retraction leaves a tombstone
        List<StoredMessage> kept = h.size() > HISTORY_LIMIT ? h.subList(h.size() - HISTORY_LIMIT, h.size()) : h;
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, kept, nicks, secret, occupants, hats, avatar);
    }

    public Affiliation affiliationOf(String bareJid) {
        return affiliations.getOrDefault(bareJid, Affiliation.NONE);
    }

    public List<String> withAffiliation(Affiliation a) {
        return affiliations.entrySet().stream().filter(e -> e.getValue() == a).map(Map.Entry::getKey).sorted().toList();
    }

    RoomState created(String owner, String newSecret) {
        return new RoomState(true, true, RoomConfig.DEFAULT, Map.of(owner, Affiliation.OWNER), "", null, List.of(), Map.of(), newSecret, List.of(), Hats.NONE, null);
    }

    RoomState unlocked() {
        return new RoomState(created, false, config, affiliations, subject, subjectBy, history, nicks, secret, occupants, hats, avatar);
    }

    RoomState configured(RoomConfig newConfig) {
        return new RoomState(created, false, newConfig, affiliations, subject, subjectBy, history, nicks, secret, occupants, hats, avatar);
    }

    /** Sets affiliations; NONE removes the entry. */
    RoomState withAffiliations(Map<String, Affiliation> changes) {
        Map<String, Affiliation> next = new HashMap<>(affiliations);
        Map<String, String> keptNicks = new HashMap<>(nicks);
        changes.forEach((jid, a) -> {
            if (a == Affiliation.NONE) next.remove(jid);
            else next.put(jid, a);
            if (a == Affiliation.NONE || a == Affiliation.OUTCAST) keptNicks.remove(jid); // the reservation goes with the membership
        });
        return new RoomState(created, locked, config, next, subject, subjectBy, history, keptNicks, secret, occupants, hats, avatar);
    }

    RoomState withHats(Hats newHats) {
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, history, nicks, secret, occupants, newHats, avatar);
    }

    RoomState withAvatar(RoomAvatar newAvatar) {
        return new RoomState(created, locked, config, affiliations, subject, subjectBy, history, nicks, secret, occupants, hats, newAvatar);
    }

    RoomState withSubject(String newSubject, String by) {
        return new RoomState(created, locked, config, affiliations, newSubject, by, history, nicks, secret, occupants, hats, avatar);
    }
}
