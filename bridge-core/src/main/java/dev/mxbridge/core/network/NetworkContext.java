package dev.mxbridge.core.network;

import tools.jackson.databind.JsonNode;

/** What the core gives a started network module. */
public interface NetworkContext {

    /**
     * Queues a remote event for Matrix. Returns at once; events of one remote room are bridged in the order pushed,
     * rooms concurrently. A failing delivery is retried with back-off, then reported in the Matrix room.
     */
    void push(RemoteEvent event);

    /** Every remote room linked to a Matrix room (portal or plumbed): what to rejoin or resubscribe at start-up. */
    java.util.List<RemoteRoomId> linkedRooms();

    /** The {@code network:} section of the bridge's config. */
    JsonNode config();
}
