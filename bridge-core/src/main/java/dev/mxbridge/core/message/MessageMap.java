package dev.mxbridge.core.message;

import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix event ↔ remote message, in both directions, so that edits, replies, reactions and redactions reach the
 * right message, and so that echoes of our own sends and replays after a reconnect are recognised.
 *
 * <p>Two ways to record: {@link #put} commits before it returns (Matrix → remote: the row must be durable before
 * the journal marks the event done, or a crash in between would send the message twice); {@link #record} returns at
 * once and is committed with others by one writer thread within a few milliseconds (remote → Matrix, where a lost
 * row after a crash costs nothing: the send's transaction id is derived from the remote id, so the homeserver
 * recognises a repeat). Lookups see recorded rows before they are committed.
 */
public final class MessageMap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageMap.class);
    private static final String COLUMNS = "room_id, event_id, remote_room_id, remote_msg_id, part, sender";
    private static final int BATCH = 500;
    private static final Duration LINGER = Duration.ofMillis(5);

    private final Sql sql;
    private final LinkedBlockingQueue<MappedMessage> queue = new LinkedBlockingQueue<>();
    /** Recorded, not yet committed, by room and event id. */
    private final Map<String, MappedMessage> pending = new ConcurrentHashMap<>();
    private final Thread writer;
    private volatile boolean running = true;

    public MessageMap(Database db) {
        this.sql = new Sql(db);
        this.writer = Thread.ofVirtual().name("message-map-writer").start(this::writeBehind);
    }

    /** Records a bridged message part durably before returning; recording the same Matrix event again is a no-op. */
    public void put(MappedMessage m) {
        sql.inTransaction(c -> {
            insert(c, m);
            return null;
        });
    }

    /** Records a bridged message part, committed within milliseconds (see the class description). */
    public void record(MappedMessage m) {
        pending.put(key(m.roomId(), m.eventId()), m);
        queue.add(m);
    }

    /** The remote message a Matrix event was bridged from or to. */
    public Optional<MappedMessage> byEvent(String roomId, String eventId) {
        MappedMessage recorded = pending.get(key(roomId, eventId));
        if (recorded != null) {
            return Optional.of(recorded);
        }
        return sql.first("SELECT " + COLUMNS + " FROM message_map WHERE room_id = ? AND event_id = ?", MessageMap::row,
                roomId, eventId);
    }

    /** Every Matrix event (in any linked room) of one remote message part. */
    public List<MappedMessage> byRemote(RemoteRoomId room, RemoteMessageId id) {
        Map<String, MappedMessage> found = new LinkedHashMap<>();
        for (MappedMessage m : sql.list("SELECT " + COLUMNS + " FROM message_map WHERE remote_room_id = ? AND remote_msg_id = ? AND part = ?",
                MessageMap::row, room.value(), id.value(), id.part())) {
            found.put(key(m.roomId(), m.eventId()), m);
        }
        if (!pending.isEmpty()) {
            pending.values().stream().filter(m -> m.remoteRoom().equals(room) && m.remoteId().equals(id))
                    .forEach(m -> found.putIfAbsent(key(m.roomId(), m.eventId()), m));
        }
        return List.copyOf(found.values());
    }

    /** The Matrix event of a remote message part in one Matrix room. */
    public Optional<MappedMessage> byRemote(String roomId, RemoteRoomId room, RemoteMessageId id) {
        return byRemote(room, id).stream().filter(m -> m.roomId().equals(roomId)).findFirst();
    }

    /** Commits what is recorded, then stops the writer. */
    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commit(drain(new ArrayList<>()));
    }

    private void writeBehind() {
        while (running) {
            List<MappedMessage> batch = new ArrayList<>();
            try {
                MappedMessage first = queue.take();
                batch.add(first);
                Thread.sleep(LINGER); // let a few more arrive: one commit for all of them
            } catch (InterruptedException e) {
                queue.addAll(batch);
                return;
            }
            commit(drain(batch));
        }
    }

    private List<MappedMessage> drain(List<MappedMessage> batch) {
        queue.drainTo(batch, BATCH - batch.size());
        return batch;
    }

    private void commit(List<MappedMessage> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                sql.inTransaction(c -> {
                    for (MappedMessage m : batch) {
                        insert(c, m);
                    }
                    return null;
                });
                batch.forEach(m -> pending.remove(key(m.roomId(), m.eventId()), m));
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    // Kept in memory (pending) so lookups still work until a restart; logged for the operator.
                    LOG.warn("message map: {} rows not stored: {}", batch.size(), e.toString());
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void insert(Connection c, MappedMessage m) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM message_map WHERE room_id = ? AND event_id = ?", m.roomId(), m.eventId())) {
            Sql.update(c, "INSERT INTO message_map (" + COLUMNS + ", ts) VALUES (?, ?, ?, ?, ?, ?, ?)", m.roomId(),
                    m.eventId(), m.remoteRoom().value(), m.remoteId().value(), m.remoteId().part(), m.sender(),
                    System.currentTimeMillis());
        }
    }

    private static String key(String roomId, String eventId) {
        return roomId + " " + eventId;
    }

    private static MappedMessage row(ResultSet rs) throws SQLException {
        return new MappedMessage(rs.getString(1), rs.getString(2), new RemoteRoomId(rs.getString(3)),
                new RemoteMessageId(rs.getString(4), rs.getInt(5)), rs.getString(6));
    }
}
