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
 * @param directFor   for a private chat: the Matrix user it is with. The portal is then a direct-message room,
 *                    without alias, created by the remote user's ghost and inviting that user
 * @param avatar      the room's avatar as an {@code mxc://} URI (upload it with {@link NetworkContext#upload}), if any
 */
public record RemoteRoomInfo(RemoteRoomId id, String name, Optional<String> topic, boolean inviteOnly, boolean listed,
                             Optional<String> externalUrl, Optional<DirectChat> directFor, Optional<String> avatar) {

    /** A room without avatar. */
    public RemoteRoomInfo(RemoteRoomId id, String name, Optional<String> topic, boolean inviteOnly, boolean listed,
                          Optional<String> externalUrl, Optional<DirectChat> directFor) {
        this(id, name, topic, inviteOnly, listed, externalUrl, directFor, Optional.empty());
    }

    /** This room with the given avatar ({@code mxc://} URI). */
    public RemoteRoomInfo withAvatar(String mxc) {
        return new RemoteRoomInfo(id, name, topic, inviteOnly, listed, externalUrl, directFor, Optional.of(mxc));
    }

    /**
     * The two sides of a private chat.
     *
     * @param matrixUser the Matrix user the chat is with
     * @param remoteUser the remote user on the other side (the portal's creator ghost)
     */
    public record DirectChat(String matrixUser, RemoteUserId remoteUser) {
    }

    /** A public, listed room with a name and nothing else. */
    public static RemoteRoomInfo named(RemoteRoomId id, String name) {
        return new RemoteRoomInfo(id, name, Optional.empty(), false, true, Optional.empty(), Optional.empty());
    }

    /** A private chat between a remote user and a Matrix user. */
    public static RemoteRoomInfo direct(RemoteRoomId id, String name, RemoteUserId remoteUser, String matrixUser) {
        return new RemoteRoomInfo(id, name, Optional.empty(), true, false, Optional.empty(),
                Optional.of(new DirectChat(matrixUser, remoteUser)));
    }
}
