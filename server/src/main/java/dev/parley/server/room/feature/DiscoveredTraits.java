package dev.parley.server.room.feature;

import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * The room types of §4.2 that only show in discovery here (their rules live where they act: persistence
 * in the room's ending, visibility in the directory, moderation in roles, anonymity in the roster).
 */
final class DiscoveredTraits implements RoomFeature {
    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.persistent() ? "muc_persistent" : "muc_temporary");
        features.add(c.publicRoom() ? "muc_public" : "muc_hidden");
        features.add(c.moderated() ? "muc_moderated" : "muc_unmoderated");
        features.add(c.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous");
    }
}
