package dev.parley.server.room;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Set;

/**
 * The service's settings every room follows ({@code parley.muc.*}, documented in reference.conf): read once for
 * the node and shared by all its rooms, not copied into each (docs/footprint.md).
 *
 * @param admitGroupchat10 §7.2.18: whether rooms that leave it to the service admit groupchat 1.0 clients
 * @param admins service admins (parley.muc.admins), owners of every room, as bare JIDs
 * @param messageRate feature/MessageRate: the service's messages a minute per occupant (0: no limit)
 * @param messageBurst how many of those at once
 * @param passivateAfter how long a room nobody is in stays loaded
 * @param idleRoomsLoaded how many rooms nobody is in a node keeps loaded at most (see {@link IdleRooms})
 */
record RoomSettings(boolean admitGroupchat10, Set<String> admins, int messageRate, int messageBurst, Duration passivateAfter,
        int idleRoomsLoaded) {
    static RoomSettings from(Config config) {
        return new RoomSettings(config.getBoolean("parley.muc.admit-groupchat-1-0-clients"), Set.copyOf(config.getStringList("parley.muc.admins")),
                config.getInt("parley.muc.occupant-message-rate"), config.getInt("parley.muc.occupant-message-burst"),
                config.getDuration("parley.muc.passivate-idle-rooms-after"), config.getInt("parley.muc.idle-rooms-loaded"));
    }

    boolean isAdmin(String bareJid) {
        return admins.contains(bareJid);
    }
}
