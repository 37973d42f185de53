package dev.parley.server.room.feature;

import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import java.util.List;

/**
 * One slice of a room's behaviour (as Prosody splits XEP-0045): the room core fires its lifecycle points
 * and each feature answers for its own part. Hooks are pure: they return decisions, the room alone
 * replies and persists, so recovery replays the same.
 *
 * <p>Points: {@link #preJoin} (may veto an entry, XEP-0045 §7.2), {@link #joined} (adds to the newcomer's
 * welcome, §7.2.2), {@link #left} (may end the room, §10.1), {@link #message} (may refuse a message, §7.4,
 * §7.5, §8.1), {@link #discoFeatures} (the muc_* features of the room's disco#info, §6.4),
 * {@link #configFields} (its fields of the muc#roomconfig form, §10.2) and {@link #applySubmitted} (its
 * fields of a submitted form).
 */
public interface RoomFeature {
    /** Why this entry is refused, or null to let it through to the next feature. */
    default Refusal preJoin(JoinAttempt attempt) {
        return null;
    }

    /** Adds to the welcome of an occupant who has just entered. */
    default void joined(Joined joined) {}

    /** Whether the room ends now that an occupant has left. */
    default boolean endsRoom(Left left) {
        return false;
    }

    /** Why this message is refused, or null to let it through to the next feature. */
    default Refusal message(MessageAttempt attempt) {
        return null;
    }

    /** Adds the disco#info features this slice of the configuration shows (§6.4). */
    default void discoFeatures(RoomState state, RoomConfig config, List<String> features) {}

    /** Adds its fields, with their current values, to the configuration form (§10.2). */
    default void configFields(RoomConfig config, List<FormField> fields) {}

    /**
     * The configuration with its fields of a submitted form applied; fields left out keep their values.
     *
     * @throws IllegalArgumentException with the reason when its fields are not acceptable (§10.1.3, Example 161)
     */
    default RoomConfig applySubmitted(RoomConfig config, DataForm submitted) {
        return config;
    }
}
