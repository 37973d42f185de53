package dev.parley.server.room.feature;

import dev.parley.server.room.RoomState;

/**
 * The left point: an occupant has gone (exit §7.14, kick, ban, error bounce §11.1, lost session) and the
 * others have been told. A feature may decide that the room ends with it (§10.1: a temporary room ends
 * with its last occupant).
 *
 * @param remaining how many occupants are still in the room
 */
public record Left(RoomState state, int remaining) {}
