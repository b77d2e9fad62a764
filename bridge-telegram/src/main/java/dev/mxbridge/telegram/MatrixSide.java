package dev.mxbridge.telegram;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.room.BridgedRoom;
import dev.mxbridge.core.room.NetworkBridge;
import dev.mxbridge.core.room.RoomStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Telegram bridge needs from Matrix beyond {@code NetworkContext}: notices from the bot, power levels, and
 * moving or removing links from the Telegram side. The network SPI has none
 * of these yet, so they go through the started {@link Bridge} (given once {@code start()} returned; callers before
 * that wait for it). Each is a candidate for {@code NetworkContext}; see docs/telegram.md.
 */
final class MatrixSide {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CompletableFuture<Bridge> bridge = new CompletableFuture<>();

    void bind(Bridge started) {
        bridge.complete(started);
    }

    private Bridge bridge() {
        return bridge.join();
    }

    private NetworkBridge network() {
        return bridge().network().orElseThrow();
    }

    private RoomStore rooms() {
        return network().rooms();
    }

    private Intent bot() {
        return bridge().matrix().bot();
    }

    List<String> roomsFor(RemoteRoomId remote) {
        return rooms().roomsFor(remote);
    }

    /** The bot says something in every Matrix room linked to the Telegram chat. */
    void notice(RemoteRoomId remote, String text) {
        roomsFor(remote).forEach(room -> notice(room, text));
    }

    void notice(String room, String text) {
        ObjectNode content = JSON.createObjectNode().put("msgtype", "m.notice").put("body", text);
        bot().sendEvent(new RoomId(room), "m.room.message", content, "telegram-notice:" + UUID.randomUUID());
    }

    /** Moves every link of a Telegram group to the supergroup it became; false if there was nothing to move. */
    boolean moveLinks(RemoteRoomId from, RemoteRoomId to) {
        List<String> linked = roomsFor(from);
        for (String room : linked) {
            Optional<BridgedRoom> known = rooms().room(room);
            known.ifPresent(r -> rooms().link(room, r.mode(), r.alias(), to, "supergroup migration"));
            rooms().unlink(room, from);
        }
        return !linked.isEmpty();
    }

    /** Unlinks a Matrix room from the Telegram side; the bot leaves a room left without links. */
    void unlink(String room, RemoteRoomId remote) {
        rooms().unlink(room, remote);
        if (rooms().room(room).isEmpty()) {
            bot().leave(new RoomId(room));
        }
    }

    /** The user's power level in the room (room creators of version 12 rooms outrank every level). */
    long powerLevel(String room, String user) {
        for (ObjectNode event : bot().roomState(new RoomId(room))) {
            if (event.path("type").asString().equals("m.room.create") && event.path("sender").asString().equals(user)
                    && versionAtLeast12(event.path("content").path("room_version").asString("1"))) {
                return Long.MAX_VALUE;
            }
        }
        Optional<ObjectNode> levels = bot().stateContent(new RoomId(room), "m.room.power_levels", "");
        JsonNode explicit = levels.map(l -> l.path("users").path(user)).orElse(null);
        return explicit != null && explicit.isNumber() ? explicit.asLong()
                : levels.map(l -> l.path("users_default").asLong(0)).orElse(0L);
    }

    int plumbPowerLevel() {
        return bridge().config().bridging().plumbPowerLevel();
    }

    private static boolean versionAtLeast12(String version) {
        try {
            return Integer.parseInt(version) >= 12;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
