package dev.parley.server.room;

import dev.parley.server.CborSerializable;
import java.util.List;

/**
 * A room's configuration: the fields of the muc#roomconfig form (XEP-0045 §16.5.3) that the room
 * enforces. Affiliations (owners, admins) are not here: they are the room's affiliation list.
 *
 * @param maxUsers the most occupants at once, 0 for no limit
 * @param whois who may see occupants' real JIDs: "moderators" (semi-anonymous) or "anyone" (non-anonymous)
 * @param allowPm who may send private messages: "anyone", "participants", "moderators" or "none"
 * @param presenceBroadcast the roles whose presence is broadcast
 * @param getMemberList the roles that may retrieve the member list
 * @param publicOccupantList whether non-occupants may list the occupants through the room's disco#items (§6.5),
 *     the form's {@code public_list} field as in ejabberd
 */
public record RoomConfig(
        String name,
        String description,
        String lang,
        boolean persistent,
        boolean publicRoom,
        boolean membersOnly,
        boolean moderated,
        boolean passwordProtected,
        String secret,
        int maxUsers,
        String whois,
        boolean changeSubject,
        boolean enableLogging,
        boolean allowInvites,
        String allowPm,
        List<String> presenceBroadcast,
        List<String> getMemberList,
        int maxHistoryFetch,
        boolean publicOccupantList) implements CborSerializable {

    public static final RoomConfig DEFAULT = new RoomConfig("", "", "", false, true, false, false, false, "", 0, "moderators",
            false, false, false, "anyone", List.of("moderator", "participant", "visitor"), List.of("moderator", "participant", "visitor"), 20, true);

    public RoomConfig {
        presenceBroadcast = List.copyOf(presenceBroadcast);
        getMemberList = List.copyOf(getMemberList);
    }

    public boolean nonAnonymous() {
        return whois.equals("anyone");
    }

    public RoomConfig withMembersOnly(boolean on) {
        return new RoomConfig(name, description, lang, persistent, publicRoom, on, moderated, passwordProtected, secret, maxUsers, whois,
                changeSubject, enableLogging, allowInvites, allowPm, presenceBroadcast, getMemberList, maxHistoryFetch, publicOccupantList);
    }

    /** Password protection on with this secret, or off (the secret then is ""). */
    public RoomConfig withPassword(boolean on, String newSecret) {
        return new RoomConfig(name, description, lang, persistent, publicRoom, membersOnly, moderated, on, on ? newSecret : "", maxUsers, whois,
                changeSubject, enableLogging, allowInvites, allowPm, presenceBroadcast, getMemberList, maxHistoryFetch, publicOccupantList);
    }

    /** At most this many occupants at once; 0 for no limit. */
    public RoomConfig withMaxUsers(int max) {
        return new RoomConfig(name, description, lang, persistent, publicRoom, membersOnly, moderated, passwordProtected, secret, max, whois,
                changeSubject, enableLogging, allowInvites, allowPm, presenceBroadcast, getMemberList, maxHistoryFetch, publicOccupantList);
    }
}
