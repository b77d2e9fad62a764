package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RoomMode;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.util.List;
import java.util.Optional;

/**
 * Bridged rooms and their many-to-many links to remote rooms. Both lookups (Matrix room → remote rooms, remote
 * room → Matrix rooms) are on every message's path and cached; every write invalidates what it touches.
 */
public final class RoomStore {
    private final Sql sql;
    private final LoadingCache<String, Optional<BridgedRoom>> byRoom;
    private final LoadingCache<RemoteRoomId, List<String>> byRemote;

    public RoomStore(Database db) {
        this.sql = new Sql(db);
        this.byRoom = Caffeine.newBuilder().maximumSize(50_000).build(this::load);
        this.byRemote = Caffeine.newBuilder().maximumSize(50_000).build(remote ->
                sql.list("SELECT room_id FROM room_link WHERE remote_room_id = ? ORDER BY created_at, room_id",
                        rs -> rs.getString(1), remote.key()));
    }

    private Optional<BridgedRoom> load(String roomId) {
        List<RemoteRoomId> remotes = sql.list("SELECT remote_room_id FROM room_link WHERE room_id = ? ORDER BY created_at, remote_room_id",
                rs -> RemoteRoomId.fromKey(rs.getString(1)), roomId);
        return sql.first("SELECT mode, alias, relay_user FROM bridged_room WHERE room_id = ?",
                rs -> new BridgedRoom(roomId, RoomMode.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), remotes), roomId);
    }

    /** The bridged room, if {@code roomId} is one. */
    public Optional<BridgedRoom> room(String roomId) {
        return byRoom.get(roomId);
    }

    /** The Matrix rooms a remote room is linked to, oldest link first. */
    public List<String> roomsFor(RemoteRoomId remote) {
        return byRemote.get(remote);
    }

    /** Every remote room with at least one link. */
    public List<RemoteRoomId> linkedRemotes() {
        return sql.list("SELECT DISTINCT remote_room_id FROM room_link ORDER BY remote_room_id", rs -> RemoteRoomId.fromKey(rs.getString(1)));
    }

    /** The portal of a remote room, if it has one. */
    public Optional<BridgedRoom> portalFor(RemoteRoomId remote) {
        return roomsFor(remote).stream().map(this::room).flatMap(Optional::stream)
                .filter(r -> r.mode() == RoomMode.PORTAL).findFirst();
    }

    /** Records a new room (portal or plumbed) linked to {@code remote}; adding a link to a known room keeps its mode. */
    public void link(String roomId, RoomMode mode, Optional<String> alias, RemoteRoomId remote, String createdBy) {
        long now = System.currentTimeMillis();
        sql.inTransaction(c -> {
            if (!Sql.exists(c, "SELECT 1 FROM bridged_room WHERE room_id = ?", roomId)) {
                Sql.update(c, "INSERT INTO bridged_room (room_id, mode, alias, relay_user, created_at) VALUES (?, ?, ?, NULL, ?)",
                        roomId, mode.name().toLowerCase(java.util.Locale.ROOT), alias.orElse(null), now);
            }
            if (!Sql.exists(c, "SELECT 1 FROM room_link WHERE room_id = ? AND remote_room_id = ?", roomId, remote.key())) {
                Sql.update(c, "INSERT INTO room_link (room_id, remote_room_id, created_by, created_at) VALUES (?, ?, ?, ?)",
                        roomId, remote.key(), createdBy, now);
            }
            return null;
        });
        invalidate(roomId, remote);
    }

    /**
     * Removes one link; a room left without links is forgotten.
     *
     * @return whether the link existed
     */
    public boolean unlink(String roomId, RemoteRoomId remote) {
        boolean removed = sql.inTransaction(c -> {
            int n = Sql.update(c, "DELETE FROM room_link WHERE room_id = ? AND remote_room_id = ?", roomId, remote.key());
            Sql.update(c, "DELETE FROM bridged_room WHERE room_id = ? AND NOT EXISTS "
                    + "(SELECT 1 FROM room_link WHERE room_link.room_id = bridged_room.room_id)", roomId);
            return n > 0;
        });
        invalidate(roomId, remote);
        return removed;
    }

    /** Turns a portal into a plumbed room (or back); the alias is forgotten when it becomes plumbed. */
    public void setMode(String roomId, RoomMode mode) {
        sql.update("UPDATE bridged_room SET mode = ?, alias = CASE WHEN ? = 'plumbed' THEN NULL ELSE alias END WHERE room_id = ?",
                mode.name().toLowerCase(java.util.Locale.ROOT), mode.name().toLowerCase(java.util.Locale.ROOT), roomId);
        byRoom.invalidate(roomId);
    }

    /** Sets or clears the user whose login relays in this room. */
    public void setRelay(String roomId, Optional<String> relayUser) {
        sql.update("UPDATE bridged_room SET relay_user = ? WHERE room_id = ?", relayUser.orElse(null), roomId);
        byRoom.invalidate(roomId);
    }

    /** Moves every link of {@code oldRoom} to {@code newRoom} (a room upgrade). */
    public void move(String oldRoom, String newRoom) {
        List<RemoteRoomId> remotes = room(oldRoom).map(BridgedRoom::remotes).orElse(List.of());
        sql.inTransaction(c -> {
            Sql.update(c, "UPDATE bridged_room SET room_id = ? WHERE room_id = ?", newRoom, oldRoom);
            Sql.update(c, "UPDATE room_link SET room_id = ? WHERE room_id = ?", newRoom, oldRoom);
            return null;
        });
        byRoom.invalidate(oldRoom);
        byRoom.invalidate(newRoom);
        byRemote.invalidateAll(remotes);
    }

    private void invalidate(String roomId, RemoteRoomId remote) {
        byRoom.invalidate(roomId);
        byRemote.invalidate(remote);
    }
}
