package dev.mxbridge.core.message;

import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.GroupCommit;
import dev.mxbridge.core.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matrix event ↔ remote message, in both directions, so that edits, replies, reactions and redactions reach the
 * right message, and so that echoes of our own sends and replays after a reconnect are recognised. Many to many: a
 * Matrix event in a room linked to two remote rooms has a row for each, and a remote message bridged into two
 * Matrix rooms has a row in each.
 *
 * <p>{@link #record} returns at once; the row goes to the database's {@link GroupCommit}, and lookups see it before it
 * is committed. Because that queue commits in order, a row recorded while handling a journal event is durable no
 * later than the event's completion: a crash can make the bridge handle the event again, never forget the row of an
 * event it will not handle again.
 *
 * <p>Lookups by remote message first ask a {@link RemoteKeyFilter}: a remote message that certainly has no row (the
 * usual case for a live message) costs no database round trip.
 */
public final class MessageMap implements AutoCloseable {
    private static final String COLUMNS = "room_id, event_id, remote_room_id, remote_msg_id, part, sender";

    private final Sql sql;
    private final GroupCommit writes;
    private final String insert;
    /** Recorded, not yet committed: by Matrix room and event, and by remote room and message part. */
    private final Map<String, List<MappedMessage>> pendingByEvent = new ConcurrentHashMap<>();
    private final Map<String, List<MappedMessage>> pendingByRemote = new ConcurrentHashMap<>();
    private final RemoteKeyFilter remoteKeys;

    public MessageMap(Database db) {
        this(db, new RemoteKeyFilter(db));
    }

    MessageMap(Database db, RemoteKeyFilter remoteKeys) {
        this.remoteKeys = remoteKeys;
        this.sql = new Sql(db);
        this.writes = db.groupCommit();
        this.insert = switch (db.dialect()) {
            case H2 -> "MERGE INTO message_map (" + COLUMNS + ", ts) KEY (room_id, event_id, remote_room_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)";
            case POSTGRES -> "INSERT INTO message_map (" + COLUMNS + ", ts) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (room_id, event_id, remote_room_id) DO NOTHING";
        };
    }

    /**
     * Records a bridged message part (see the class description for when it is durable). Recording the same Matrix
     * event for the same remote room again is a no-op.
     */
    public void record(MappedMessage m) {
        String byEvent = key(m.roomId(), m.eventId());
        String byRemote = key(m.remoteRoom(), m.remoteId());
        add(pendingByEvent, byEvent, m);
        add(pendingByRemote, byRemote, m);
        remoteKeys.add(byRemote);
        writes.submitTracked(new GroupCommit.Write(insert, m.roomId(), m.eventId(), m.remoteRoom().key(),
                        m.remoteId().value(), m.remoteId().part(), m.sender(), System.currentTimeMillis()))
                .whenComplete((ok, failed) -> {
                    remove(pendingByEvent, byEvent, m);
                    remove(pendingByRemote, byRemote, m);
                });
        remoteKeys.addedWritten(byRemote);
    }

    /** Every remote message part a Matrix event was bridged from or to: one per linked remote room. */
    public List<MappedMessage> byEvent(String roomId, String eventId) {
        Map<RemoteRoomId, MappedMessage> found = new LinkedHashMap<>();
        pendingByEvent.getOrDefault(key(roomId, eventId), List.of()).forEach(m -> found.put(m.remoteRoom(), m));
        for (MappedMessage m : sql.list("SELECT " + COLUMNS + " FROM message_map WHERE room_id = ? AND event_id = ?",
                MessageMap::row, roomId, eventId)) {
            found.putIfAbsent(m.remoteRoom(), m);
        }
        return List.copyOf(found.values());
    }

    /** The remote message part a Matrix event was bridged from or to in one remote room. */
    public Optional<MappedMessage> byEvent(String roomId, String eventId, RemoteRoomId remote) {
        return byEvent(roomId, eventId).stream().filter(m -> m.remoteRoom().equals(remote)).findFirst();
    }

    /** Every Matrix event (in any linked room) of one remote message part. */
    public List<MappedMessage> byRemote(RemoteRoomId room, RemoteMessageId id) {
        Map<String, MappedMessage> found = new LinkedHashMap<>();
        String remoteKey = key(room, id);
        pendingByRemote.getOrDefault(remoteKey, List.of()).forEach(m -> found.put(key(m.roomId(), m.eventId()), m));
        if (!remoteKeys.mightContain(remoteKey)) {
            return List.copyOf(found.values());
        }
        for (MappedMessage m : sql.list("SELECT " + COLUMNS + " FROM message_map WHERE remote_room_id = ? AND remote_msg_id = ? AND part = ?",
                MessageMap::row, room.key(), id.value(), id.part())) {
            found.putIfAbsent(key(m.roomId(), m.eventId()), m);
        }
        return List.copyOf(found.values());
    }

    /** The Matrix event of a remote message part in one Matrix room. */
    public Optional<MappedMessage> byRemote(String roomId, RemoteRoomId room, RemoteMessageId id) {
        return byRemote(room, id).stream().filter(m -> m.roomId().equals(roomId)).findFirst();
    }

    /** Returns once every recorded row is committed. */
    @Override
    public void close() {
        remoteKeys.close();
        writes.flush();
    }

    private static void add(Map<String, List<MappedMessage>> index, String key, MappedMessage m) {
        index.compute(key, (k, list) -> {
            List<MappedMessage> out = list == null ? new ArrayList<>(1) : new ArrayList<>(list);
            out.add(m);
            return out;
        });
    }

    private static void remove(Map<String, List<MappedMessage>> index, String key, MappedMessage m) {
        index.computeIfPresent(key, (k, list) -> {
            List<MappedMessage> out = new ArrayList<>(list);
            out.remove(m);
            return out.isEmpty() ? null : out;
        });
    }

    private static String key(String roomId, String eventId) {
        return roomId + " " + eventId;
    }

    private static String key(RemoteRoomId room, RemoteMessageId id) {
        return RemoteKeyFilter.key(room.key(), id.value(), id.part());
    }

    private static MappedMessage row(ResultSet rs) throws SQLException {
        return new MappedMessage(rs.getString(1), rs.getString(2), RemoteRoomId.fromKey(rs.getString(3)),
                new RemoteMessageId(rs.getString(4), rs.getInt(5)), rs.getString(6));
    }
}
