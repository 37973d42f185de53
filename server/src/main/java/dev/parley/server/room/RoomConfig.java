package dev.parley.server.room;

import dev.parley.server.wire.CborSerializable;
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
 * @param groupchat10 what the room does with a presence without the MUC element from a non-occupant (§7.2.18):
 *     "admit" (an old "groupchat 1.0" client enters), "kick", or "default" (the service's setting)
 * @param messageRate the messages a minute one occupant may send through the room, moderators aside; 0 for the
 *     service's setting ({@code parley.muc.occupant-message-rate})
 * @param archive whether the room archives its messages (XEP-0313) while persistent; null (configurations written
 *     before the archive existed) is on
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
        boolean publicOccupantList,
        String groupchat10,
        int messageRate,
        Boolean archive) implements CborSerializable {

    /** groupchat10: the room follows the service's setting (parley.muc.admit-groupchat-1-0-clients). */
    public static final String GROUPCHAT10_DEFAULT = "default";

    /**
     * The values most rooms hold, shared: a room's configuration, made from a submitted form or read back from the
     * journal, takes these instead of copies of its own (docs/footprint.md).
     */
    private static final List<String> ALL_ROLES = List.of("moderator", "participant", "visitor");
    private static final List<String> COMMON_VALUES = List.of("", "moderators", "anyone", "none", "participants", "moderator",
            "participant", "visitor", "en", GROUPCHAT10_DEFAULT, "true", "false");

    public static final RoomConfig DEFAULT = new RoomConfig("", "", "", false, true, false, false, false, "", 0, "moderators",
            false, false, false, "anyone", ALL_ROLES, ALL_ROLES, 20, true, GROUPCHAT10_DEFAULT, 0, true);


    public RoomConfig {
        presenceBroadcast = shared(presenceBroadcast);
        getMemberList = shared(getMemberList);
        name = shared(name);
        description = shared(description);
        lang = shared(lang);
        secret = shared(secret);
        whois = shared(whois);
        allowPm = shared(allowPm);
        groupchat10 = shared(groupchat10);
        if (groupchat10 == null) groupchat10 = GROUPCHAT10_DEFAULT; // configurations written before the option existed
        if (archive == null) archive = true; // configurations written before the archive existed
        if (messageRate < 0) throw new IllegalArgumentException("a message rate is 0 (the service's) or more");
    }

    private static String shared(String value) {
        if (value == null) return null;
        for (String common : COMMON_VALUES) if (common.equals(value)) return common;
        return value;
    }

    private static List<String> shared(List<String> roles) {
        if (ALL_ROLES.equals(roles)) return ALL_ROLES;
        List<String> out = new java.util.ArrayList<>(roles.size());
        for (String r : roles) out.add(shared(r));
        return List.copyOf(out);
    }

    /** Whether the room archives its messages when it is persistent (muc#roomconfig_enablearchiving). */
    public boolean archiving() {
        return archive;
    }

    public boolean nonAnonymous() {
        return whois.equals("anyone");
    }

    public RoomConfig withMembersOnly(boolean on) {
        return new Copy(this).membersOnly(on).build();
    }

    /** Password protection on with this secret, or off (the secret then is ""). */
    public RoomConfig withPassword(boolean on, String newSecret) {
        return new Copy(this).passwordProtected(on).secret(on ? newSecret : "").build();
    }

    /** At most this many occupants at once; 0 for no limit. */
    public RoomConfig withMaxUsers(int max) {
        return new Copy(this).maxUsers(max).build();
    }

    /** A copy to change field by field (the room features each change their own fields). */
    public Copy copy() {
        return new Copy(this);
    }

    /** A mutable copy of a configuration. */
    public static final class Copy {
        private String name, description, lang, secret, whois, allowPm, groupchat10;
        private boolean persistent, publicRoom, membersOnly, moderated, passwordProtected, changeSubject, enableLogging, allowInvites,
                publicOccupantList;
        private int maxUsers, maxHistoryFetch, messageRate;
        private boolean archive;
        private List<String> presenceBroadcast, getMemberList;

        Copy(RoomConfig c) {
            name = c.name; description = c.description; lang = c.lang; persistent = c.persistent; publicRoom = c.publicRoom;
            membersOnly = c.membersOnly; moderated = c.moderated; passwordProtected = c.passwordProtected; secret = c.secret;
            maxUsers = c.maxUsers; whois = c.whois; changeSubject = c.changeSubject; enableLogging = c.enableLogging;
            allowInvites = c.allowInvites; allowPm = c.allowPm; presenceBroadcast = c.presenceBroadcast; getMemberList = c.getMemberList;
            maxHistoryFetch = c.maxHistoryFetch; publicOccupantList = c.publicOccupantList; groupchat10 = c.groupchat10;
            messageRate = c.messageRate;
            archive = c.archive;
        }

        public Copy name(String v) { name = v; return this; }
        public Copy description(String v) { description = v; return this; }
        public Copy lang(String v) { lang = v; return this; }
        public Copy persistent(boolean v) { persistent = v; return this; }
        public Copy publicRoom(boolean v) { publicRoom = v; return this; }
        public Copy membersOnly(boolean v) { membersOnly = v; return this; }
        public Copy moderated(boolean v) { moderated = v; return this; }
        public Copy passwordProtected(boolean v) { passwordProtected = v; return this; }
        public Copy secret(String v) { secret = v; return this; }
        public Copy maxUsers(int v) { maxUsers = v; return this; }
        public Copy whois(String v) { whois = v; return this; }
        public Copy changeSubject(boolean v) { changeSubject = v; return this; }
        public Copy enableLogging(boolean v) { enableLogging = v; return this; }
        public Copy allowInvites(boolean v) { allowInvites = v; return this; }
        public Copy allowPm(String v) { allowPm = v; return this; }
        public Copy presenceBroadcast(List<String> v) { presenceBroadcast = v; return this; }
        public Copy getMemberList(List<String> v) { getMemberList = v; return this; }
        public Copy maxHistoryFetch(int v) { maxHistoryFetch = v; return this; }
        public Copy publicOccupantList(boolean v) { publicOccupantList = v; return this; }
        public Copy groupchat10(String v) { groupchat10 = v; return this; }
        public Copy messageRate(int v) { messageRate = v; return this; }
        public Copy archive(boolean v) { archive = v; return this; }

        public RoomConfig build() {
            return new RoomConfig(name, description, lang, persistent, publicRoom, membersOnly, moderated, passwordProtected, secret, maxUsers,
                    whois, changeSubject, enableLogging, allowInvites, allowPm, presenceBroadcast, getMemberList, maxHistoryFetch,
                    publicOccupantList, groupchat10, messageRate, archive);
        }
    }
}
