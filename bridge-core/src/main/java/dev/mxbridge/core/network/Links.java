package dev.mxbridge.core.network;

import java.util.List;
import java.util.Optional;

/**
 * The bridge's links between Matrix rooms and remote rooms, and the remote copies of Matrix messages, read-only: for
 * a network that renders a link to a Matrix room as its own channel, and for tests. Kept by the core.
 *
 * <p>Threading: any thread; answers come from caches in front of the store.
 */
public interface Links {

    /** The Matrix room that is the portal of a remote room, if there is one. */
    Optional<String> portalOf(RemoteRoomId remote);

    /** Every Matrix room linked to a remote room, portal or plumbed, oldest link first. */
    List<String> roomsOf(RemoteRoomId remote);

    /** The remote rooms a Matrix room is linked to, oldest first; empty if it is not bridged. */
    List<RemoteRoomId> remotesOf(String matrixRoom);

    /** How a Matrix room is bridged, if it is. */
    Optional<RoomMode> modeOf(String matrixRoom);

    /** The remote copies of a Matrix event (one per remote room it reached, and per part). */
    List<RemoteMessageId> copiesOf(String matrixRoom, String eventId);
}
