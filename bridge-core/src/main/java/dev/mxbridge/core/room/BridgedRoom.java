package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RoomMode;

import dev.mxbridge.core.network.RemoteRoomId;
import java.util.List;
import java.util.Optional;

/**
 * A Matrix room the bridge serves and the remote rooms it is linked to.
 *
 * @param roomId    the Matrix room id
 * @param mode      portal or plumbed
 * @param alias     the portal alias the bridge created, if any
 * @param relayUser the Matrix user whose login relays for users without one, if set with {@code !set-relay}
 * @param remotes   the linked remote rooms (one for a portal, one or more for a plumbed room)
 */
public record BridgedRoom(String roomId, RoomMode mode, Optional<String> alias, Optional<String> relayUser,
                          List<RemoteRoomId> remotes) {
    public BridgedRoom {
        remotes = List.copyOf(remotes);
    }
}
