package dev.mxbridge.core.message;

import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Matrix event ↔ remote message, in both directions, so that edits, replies, reactions and redactions reach the
 * right message, and so that echoes of our own sends and replays after a reconnect are recognised.
 */
public final class MessageMap {
    private static final String COLUMNS = "room_id, event_id, remote_room_id, remote_msg_id, part, sender";
    private final Sql sql;

    public MessageMap(Database db) {
        this.sql = new Sql(db);
    }

    /** Records a bridged message part; recording the same Matrix event again is a no-op. */
    public void put(MappedMessage m) {
        sql.inTransaction(c -> {
            if (!Sql.exists(c, "SELECT 1 FROM message_map WHERE room_id = ? AND event_id = ?", m.roomId(), m.eventId())) {
                Sql.update(c, "INSERT INTO message_map (" + COLUMNS + ", ts) VALUES (?, ?, ?, ?, ?, ?, ?)", m.roomId(),
                        m.eventId(), m.remoteRoom().value(), m.remoteId().value(), m.remoteId().part(), m.sender(),
                        System.currentTimeMillis());
            }
            return null;
        });
    }

    /** The remote message a Matrix event was bridged from or to. */
    public Optional<MappedMessage> byEvent(String roomId, String eventId) {
        return sql.first("SELECT " + COLUMNS + " FROM message_map WHERE room_id = ? AND event_id = ?", MessageMap::row,
                roomId, eventId);
    }

    /** Every Matrix event (in any linked room) of one remote message part. */
    public List<MappedMessage> byRemote(RemoteRoomId room, RemoteMessageId id) {
        return sql.list("SELECT " + COLUMNS + " FROM message_map WHERE remote_room_id = ? AND remote_msg_id = ? AND part = ?",
                MessageMap::row, room.value(), id.value(), id.part());
    }

    /** The Matrix event of a remote message part in one Matrix room. */
    public Optional<MappedMessage> byRemote(String roomId, RemoteRoomId room, RemoteMessageId id) {
        return byRemote(room, id).stream().filter(m -> m.roomId().equals(roomId)).findFirst();
    }

    private static MappedMessage row(ResultSet rs) throws SQLException {
        return new MappedMessage(rs.getString(1), rs.getString(2), new RemoteRoomId(rs.getString(3)),
                new RemoteMessageId(rs.getString(4), rs.getInt(5)), rs.getString(6));
    }
}
