package dev.parley.server.archive;

import dev.parley.protocol.xml.Element;
import java.time.Instant;

/**
 * One message of a room's archive (XEP-0313 §3: its UID, time, publisher and the stanza itself).
 *
 * @param room the room's bare JID
 * @param position its place in the room's order (§3.1), given by the room
 * @param stanzaId the stanza id the room gave it (XEP-0359), the archive's UID for it
 * @param stamp when the room accepted it
 * @param nick the sender's nickname
 * @param sender the sender's real full JID, or null when not known
 * @param message the message as the room reflected it (from the occupant JID, no 'to'), or its tombstone
 */
public record ArchivedMessage(String room, long position, String stanzaId, Instant stamp, String nick, String sender, Element message) {
    /** The sender's real bare JID, or null. */
    public String senderBare() {
        if (sender == null) return null;
        int slash = sender.indexOf('/');
        return slash < 0 ? sender : sender.substring(0, slash);
    }
}
