package dev.parley.protocol.muc;

/**
 * A {@code <status code='…'/>} of muc#user, named as in the XEP-0045 Status Codes Registry (§16.6).
 *
 * @param code the three-digit code (100–999)
 */
public record Status(int code) {
    public static final Status REAL_JID_PUBLIC_100 = new Status(100);
    public static final Status AFFILIATION_CHANGED_101 = new Status(101);
    public static final Status SHOWING_UNAVAILABLE_102 = new Status(102);
    public static final Status NOT_SHOWING_UNAVAILABLE_103 = new Status(103);
    public static final Status CONFIGURATION_CHANGED_104 = new Status(104);
    public static final Status PRESENCE_TO_SELF_110 = new Status(110);
    public static final Status LOGGING_ENABLED_170 = new Status(170);
    public static final Status LOGGING_DISABLED_171 = new Status(171);
    public static final Status NON_ANONYMOUS_172 = new Status(172);
    public static final Status SEMI_ANONYMOUS_173 = new Status(173);
    /** Historical (fully-anonymous rooms were removed from the XEP); kept so that it can be read. */
    public static final Status FULLY_ANONYMOUS_174 = new Status(174);
    public static final Status ROOM_CREATED_201 = new Status(201);
    public static final Status NICK_ASSIGNED_210 = new Status(210);
    public static final Status BANNED_301 = new Status(301);
    public static final Status NEW_NICK_303 = new Status(303);
    public static final Status KICKED_307 = new Status(307);
    public static final Status REMOVED_AFFILIATION_CHANGE_321 = new Status(321);
    public static final Status REMOVED_MEMBERS_ONLY_322 = new Status(322);
    public static final Status REMOVED_SHUTDOWN_332 = new Status(332);
    public static final Status REMOVED_ERROR_333 = new Status(333);

    public Status {
        if (code < 100 || code > 999) throw new IllegalArgumentException("status code out of range: " + code);
    }

    /** Parses a code attribute; throws {@link IllegalArgumentException} when it is not 100–999. */
    public static Status of(String code) {
        try {
            return new Status(Integer.parseInt(code.trim()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("invalid status code '" + code + "'", e);
        }
    }
}
