package dev.mxbridge.telegram;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteRoomId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the Telegram bridge asks of the Matrix side: notices from the bot, power levels, and moving or removing links
 * from the Telegram side, through the {@link NetworkContext} (given when the network starts), and the plumbing power
 * level from the started {@link Bridge}'s config. Callers before either is given wait for it.
 */
final class MatrixSide {
    private final CompletableFuture<Bridge> bridge = new CompletableFuture<>();
    private final CompletableFuture<NetworkContext> context = new CompletableFuture<>();

    void bind(Bridge started) {
        bridge.complete(started);
    }

    void started(NetworkContext started) {
        context.complete(started);
    }

    private NetworkContext context() {
        return context.join();
    }

    List<String> roomsFor(RemoteRoomId remote) {
        return context().links().roomsOf(remote);
    }

    /** The bot says something in every Matrix room linked to the Telegram chat. */
    void notice(RemoteRoomId remote, String text) {
        roomsFor(remote).forEach(room -> notice(room, text));
    }

    void notice(String room, String text) {
        context().notice(room, text);
    }

    /** Moves every link of a Telegram group to the supergroup it became; false if there was nothing to move. */
    boolean moveLinks(RemoteRoomId from, RemoteRoomId to) {
        return context().moveLinks(from, to);
    }

    /** Unlinks a Matrix room from the Telegram side; the bridge leaves a room left without links. */
    void unlink(String room, RemoteRoomId remote) {
        context().unlink(room, remote);
    }

    /** The user's power level in the room (room creators of version 12 rooms outrank every level). */
    long powerLevel(String room, String user) {
        return context().powerLevel(room, user);
    }

    int plumbPowerLevel() {
        return bridge.join().config().bridging().plumbPowerLevel();
    }
}
