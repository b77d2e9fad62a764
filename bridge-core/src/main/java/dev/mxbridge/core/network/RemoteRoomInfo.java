package dev.mxbridge.core.network;

import java.util.Optional;

/**
 * What a portal room is created with.
 *
 * @param id          the remote room
 * @param name        room name
 * @param topic       room topic, if any
 * @param inviteOnly  whether Matrix users need an invite (the remote room is closed, e.g. IRC {@code +i}/{@code +k})
 * @param listed      whether the portal is published in the room directory (not for secret rooms, e.g. IRC {@code +s})
 * @param externalUrl a web link to the remote room, if there is one (goes into {@code m.bridge})
 */
public record RemoteRoomInfo(RemoteRoomId id, String name, Optional<String> topic, boolean inviteOnly, boolean listed,
                             Optional<String> externalUrl) {

    /** A public, listed room with a name and nothing else. */
    public static RemoteRoomInfo named(RemoteRoomId id, String name) {
        return new RemoteRoomInfo(id, name, Optional.empty(), false, true, Optional.empty());
    }
}
