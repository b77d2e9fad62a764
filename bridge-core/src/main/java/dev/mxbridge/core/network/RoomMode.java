package dev.mxbridge.core.network;

/** How a Matrix room is bridged. */
public enum RoomMode {
    /** The bridge created the room for a remote room and manages it (aliases, power levels, membership). */
    PORTAL,
    /** The room's admins linked an existing room; the bridge leaves its settings alone. */
    PLUMBED
}
