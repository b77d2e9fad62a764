package dev.mxbridge.core.message;

import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;

/**
 * One bridged message part: the Matrix event and the remote message it corresponds to.
 *
 * @param roomId   Matrix room
 * @param eventId  Matrix event
 * @param remoteRoom the remote room
 * @param remoteId the remote message and part
 * @param sender   the Matrix user id that sent the Matrix event (a ghost, or a real user)
 */
public record MappedMessage(String roomId, String eventId, RemoteRoomId remoteRoom, RemoteMessageId remoteId, String sender) {
}
