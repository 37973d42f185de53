package dev.parley.server.room.feature;

import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * One slice of a room's behaviour (as Prosody splits XEP-0045): the room core fires its lifecycle points
 * and each feature answers for its own part. Hooks are pure: they return decisions, the room alone
 * replies and persists, so recovery replays the same.
 *
 * <p>Points so far: {@link #preJoin} (may veto an entry, XEP-0045 §7.2) and {@link #discoFeatures} (the
 * muc_* features of the room's disco#info, §6.4).
 */
public interface RoomFeature {
    /** Why this entry is refused, or null to let it through to the next feature. */
    default Refusal preJoin(JoinAttempt attempt) {
        return null;
    }

    /** Adds the disco#info features this slice of the configuration shows (§6.4). */
    default void discoFeatures(RoomState state, RoomConfig config, List<String> features) {}
}
