package dev.mxbridge.core.network;

import java.util.List;

/**
 * A {@link NetworkConnector} that can fetch a remote room's recent history. When a portal is created, the core
 * asks once and bridges the messages in order, with their original timestamps, before anything newer; messages
 * already bridged are skipped.
 */
public interface Backfill {

    /** Recent messages of {@code room}, oldest first; the network decides how many (a few dozen is usual). */
    List<RemoteEvent.Message> history(RemoteRoomId room) throws Exception;
}
