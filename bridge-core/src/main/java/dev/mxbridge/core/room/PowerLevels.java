package dev.mxbridge.core.room;

import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/** A user's power level in a room, read from its state as the bot sees it. */
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

    private static boolean versionAtLeast12(String version) {
        try {
            return Integer.parseInt(version) >= 12;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
