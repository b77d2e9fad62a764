package dev.mxbridge.core.room;

import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/** Users' power levels in a room: read from its state as the bot sees it, and set by the bot. */
final class PowerLevels {
    private PowerLevels() {
    }

    /** The level; room creators in room version 12 and later outrank every level ({@link Long#MAX_VALUE}). */
    static long of(Intent bot, RoomId room, UserId user) {
        for (ObjectNode event : bot.roomState(room)) {
            if (event.path("type").asString().equals("m.room.create")) {
                JsonNode content = event.path("content");
                boolean creator = event.path("sender").asString().equals(user.value());
                for (JsonNode extra : content.path("additional_creators")) {
                    creator |= extra.asString().equals(user.value());
                }
                if (creator && versionAtLeast12(content.path("room_version").asString("1"))) {
                    return Long.MAX_VALUE;
                }
            }
        }
        JsonNode levels = bot.stateContent(room, "m.room.power_levels", "").map(JsonNode.class::cast)
                .orElse(MissingNode.getInstance());
        JsonNode explicit = levels.path("users").path(user.value());
        return explicit.isNumber() ? explicit.asLong() : levels.path("users_default").asLong(0);
    }

    /**
     * Sets users' levels in the room's {@code m.room.power_levels} (a level equal to {@code users_default} removes the
     * user's entry), keeping everyone else's; sends the event only if a level changed, and not at all in a room
     * without one. Returns whether it sent.
     */
    static boolean set(Intent bot, RoomId room, Map<String, Long> levels) {
        Optional<ObjectNode> current = bot.stateContent(room, "m.room.power_levels", "");
        if (current.isEmpty()) {
            return false; // a portal always has them; without, the room's defaults are not the bridge's to write
        }
        ObjectNode content = current.get().deepCopy();
        ObjectNode users = content.has("users") ? (ObjectNode) content.get("users") : content.putObject("users");
        long usersDefault = content.path("users_default").asLong(0);
        boolean changed = false;
        for (Map.Entry<String, Long> level : levels.entrySet()) {
            if (users.path(level.getKey()).asLong(usersDefault) != level.getValue()) {
                if (level.getValue() == usersDefault) {
                    users.remove(level.getKey());
                } else {
                    users.put(level.getKey(), level.getValue().longValue());
                }
                changed = true;
            }
        }
        if (changed) {
            bot.sendState(room, "m.room.power_levels", "", content);
        }
        return changed;
    }

    private static boolean versionAtLeast12(String version) {
        try {
            return Integer.parseInt(version) >= 12;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
