package dev.mxbridge.core.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the bridge last saw of bridged rooms' state, for the event types whose changes it acts on
 * ({@link #TRACKED}): a change is judged against this, with {@code unsigned.prev_content} only a hint where this
 * knows nothing yet (the spec makes {@code prev_content} optional, and Dendrite leaves it out). Kept current from
 * the events the journal hands over, in each room's order, and from {@code /state} when the bot joins a room.
 *
 * <p>Threading: for one room, called from its lane only; rooms concurrently.
 */
final class RoomStates {
    /** The state the bridge tracks. */
    static final Set<String> TRACKED = Set.of("m.room.member", "m.room.power_levels");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode NONE = JSON.missingNode();

    private final Database db;
    private final Cache<String, JsonNode> cache = Caffeine.newBuilder().maximumSize(100_000).build();

    RoomStates(Database db) {
        this.db = db;
    }

    /**
     * The content of a state event before {@code event} (a state event of a tracked type): what the bridge stored,
     * else the event's {@code unsigned.prev_content}; empty if neither knows (the first of its kind).
     */
    Optional<JsonNode> previous(String room, JsonNode event) {
        String type = event.path("type").asString("");
        String key = event.path("state_key").asString("");
        Optional<JsonNode> stored = get(room, type, key);
        if (stored.isPresent()) {
            return stored;
        }
        JsonNode hint = event.path("unsigned").path("prev_content");
        return hint.isObject() ? Optional.of(hint) : Optional.empty();
    }

    Optional<JsonNode> get(String room, String type, String key) {
        JsonNode content = cache.get(room + "\u001f" + type + "\u001f" + key, k -> db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content FROM room_state WHERE room_id = ? AND event_type = ? AND state_key = ?")) {
                ps.setString(1, room);
                ps.setString(2, type);
                ps.setString(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? JSON.readTree(rs.getString(1)) : NONE;
                }
            }
        }));
        return content.isMissingNode() ? Optional.empty() : Optional.of(content);
    }

    /** Records a tracked state event's content as the room's current state; other types are ignored. */
    void record(String room, String type, String key, JsonNode content) {
        if (!TRACKED.contains(type)) {
            return;
        }
        String json = content.toString();
        if (json.length() > 65_536) {
            return; // larger than any state the bridge acts on; the hint stays the fallback
        }
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE room_state SET content = ? WHERE room_id = ? AND event_type = ? AND state_key = ?")) {
                update.setString(1, json);
                update.setString(2, room);
                update.setString(3, type);
                update.setString(4, key);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO room_state (room_id, event_type, state_key, content) VALUES (?, ?, ?, ?)")) {
                        insert.setString(1, room);
                        insert.setString(2, type);
                        insert.setString(3, key);
                        insert.setString(4, json);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
        cache.put(room + "\u001f" + type + "\u001f" + key, content);
    }

    /** Records a room's whole state as {@code /state} returns it (the bot just joined). */
    void load(String room, List<? extends JsonNode> state) {
        for (JsonNode event : state) {
            record(room, event.path("type").asString(""), event.path("state_key").asString(""), event.path("content"));
        }
    }
}
