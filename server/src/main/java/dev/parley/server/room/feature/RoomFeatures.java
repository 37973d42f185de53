package dev.parley.server.room.feature;

import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import java.util.List;

/**
 * The room's features, in the order their rules apply: the entry rules (XEP-0045 §7.2.10, §7.2.7, §7.2.6,
 * §7.2.5, §7.2.8, §7.2.9), then the welcome (100, 170, the history, then the subject: §7.2.2), then the
 * rest.
 */
public final class RoomFeatures {
    private static final List<RoomFeature> ALL = List.of(new Lock(), new Ban(), new MembersOnly(), new PasswordProtection(), new Nicknames(),
            new MaxUsers(), new Whois(), new Logging(), new History(), new Subject(), new Moderated(), new PrivateMessages(), new Persistence(),
            new Visibility(), new Groupchat10(), new MessageRate(), new Archiving());

    private RoomFeatures() {}

    /** pre-join: the first refusal, or null when every feature lets the user in. */
    public static Refusal preJoin(JoinAttempt attempt) {
        for (RoomFeature f : ALL) {
            Refusal r = f.preJoin(attempt);
            if (r != null) return r;
        }
        return null;
    }

    /** joined: the features' additions to the newcomer's welcome, in feature order. */
    public static void joined(Joined joined) {
        for (RoomFeature f : ALL) f.joined(joined);
    }

    /** left: whether some feature ends the room now. */
    public static boolean endsRoom(Left left) {
        for (RoomFeature f : ALL) if (f.endsRoom(left)) return true;
        return false;
    }

    /** message: the first refusal, or null. */
    public static Refusal message(MessageAttempt attempt) {
        for (RoomFeature f : ALL) {
            Refusal r = f.message(attempt);
            if (r != null) return r;
        }
        return null;
    }

    /** config-form: the features' fields. */
    public static void configFields(RoomConfig config, List<FormField> fields) {
        for (RoomFeature f : ALL) f.configFields(config, fields);
    }

    /** config-submitted: each feature applies its fields; throws IllegalArgumentException with the first refusal. */
    public static RoomConfig applySubmitted(RoomConfig config, DataForm submitted) {
        RoomConfig next = config;
        for (RoomFeature f : ALL) next = f.applySubmitted(next, submitted);
        return next;
    }

    /** disco-info: the muc_* features of the room's configuration. */
    public static void discoFeatures(RoomState state, RoomConfig config, List<String> features) {
        for (RoomFeature f : ALL) f.discoFeatures(state, config, features);
    }
}
