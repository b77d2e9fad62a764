package dev.mxbridge.core.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Per room, the last event the journal stored and one of our users who can read the room: where a timeline repair
 * starts. Kept in memory and saved behind every few seconds (a stale saved position only makes a repair read more;
 * the journal's event ids keep that harmless).
 *
 * <p>Threading: {@link #stored} runs under the inbox's append lock; {@link #active} from any thread.
 */
final class RoomPositions {
    private static final long SAVE_EVERY_MILLIS = 2_000;

    private final Journal journal;
    private final Predicate<String> isBridgeUser;
    private final ConcurrentHashMap<String, Journal.RoomPosition> live = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private long lastSave;

    RoomPositions(Journal journal, Predicate<String> isBridgeUser) {
        this.journal = journal;
        this.isBridgeUser = isBridgeUser;
    }

    /**
     * Records a stored transaction's room events, in timeline order, with our own sends that were left out of the
     * journal (they move a room's position and name a reader too); {@code now} in epoch milliseconds.
     */
    void stored(List<Journal.NewEntry> entries, long now) {
        for (Journal.NewEntry e : entries) {
            JsonNode id = e.event().get("event_id");
            if (e.ephemeral() || e.lane().isEmpty() || id == null || !id.isString()) {
                continue;
            }
            Journal.RoomPosition before = live.get(e.lane());
            Optional<String> reader = reader(e.event(), before == null ? Optional.empty() : before.reader());
            live.put(e.lane(), new Journal.RoomPosition(e.lane(), id.stringValue(), reader, now));
            dirty.add(e.lane());
        }
        if (now - lastSave >= SAVE_EVERY_MILLIS && !dirty.isEmpty()) {
            save();
            lastSave = now;
        }
    }

    /** Moves a room's position to {@code eventId} (the newest event a repair read). */
    void moveTo(String room, String eventId, long now) {
        live.compute(room, (r, p) -> new Journal.RoomPosition(r, eventId,
                p == null ? Optional.empty() : p.reader(), now));
        dirty.add(room);
    }

    /** Saves the positions changed since the last save (behind, through the write-behind). */
    void save() {
        List<Journal.RoomPosition> changed = new ArrayList<>();
        for (String room : List.copyOf(dirty)) {
            dirty.remove(room);
            Journal.RoomPosition p = live.get(room);
            if (p != null) {
                changed.add(p);
            }
        }
        if (!changed.isEmpty()) {
            journal.savePositions(changed);
        }
    }

    /** The rooms with an event stored at or after {@code sinceMillis}, newest first, at most {@code limit}. */
    List<Journal.RoomPosition> active(long sinceMillis, int limit) {
        Map<String, Journal.RoomPosition> all = new LinkedHashMap<>();
        for (Journal.RoomPosition p : journal.positions(sinceMillis, limit)) {
            all.put(p.roomId(), p);
        }
        live.values().stream().filter(p -> p.updatedAt() >= sinceMillis).forEach(p -> all.put(p.roomId(), p));
        return all.values().stream().sorted(Comparator.comparingLong(Journal.RoomPosition::updatedAt).reversed())
                .limit(limit).toList();
    }

    /** As {@link #active}, but only rooms with an event stored since this process started; no database read. */
    List<Journal.RoomPosition> seen(long sinceMillis, int limit) {
        return live.values().stream().filter(p -> p.updatedAt() >= sinceMillis)
                .sorted(Comparator.comparingLong(Journal.RoomPosition::updatedAt).reversed()).limit(limit).toList();
    }

    /** Our user last seen sending or joining in the room; a reader that leaves is forgotten. */
    private Optional<String> reader(JsonNode event, Optional<String> before) {
        String sender = event.path("sender").asString("");
        if (event.path("type").asString("").equals("m.room.member")) {
            String target = event.path("state_key").asString("");
            String membership = event.path("content").path("membership").asString("");
            if (membership.equals("join") && isBridgeUser.test(target)) {
                return Optional.of(target);
            }
            if (before.isPresent() && before.get().equals(target) && !membership.equals("join")) {
                return Optional.empty();
            }
            return before;
        }
        return !sender.isEmpty() && isBridgeUser.test(sender) ? Optional.of(sender) : before;
    }
}
