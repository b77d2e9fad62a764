package dev.mxbridge.core.room;

/** How a Matrix room is bridged. */
public enum RoomMode {
    /** The bridge created the room for a remote room and manages it (aliases, power levels, membership). */
    PORTAL,
    /** The room's admins linked an existing room; the bridge leaves its settings alone. */
    PLUMBED;

    String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static RoomMode fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
