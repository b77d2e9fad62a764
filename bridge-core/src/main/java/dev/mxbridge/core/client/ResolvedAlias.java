package dev.mxbridge.core.client;

import java.util.List;

/**
 * What a room alias points at.
 *
 * @param roomId  the room
 * @param servers servers that know the room, usable as {@code via} when joining
 */
public record ResolvedAlias(RoomId roomId, List<String> servers) {

    public ResolvedAlias {
        servers = List.copyOf(servers);
    }
}
