package dev.mxbridge.core.journal;

import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.GroupCommit;
import dev.mxbridge.core.store.RecentKeys;
import dev.mxbridge.core.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal in the bridge's SQL database. Appends are one database transaction each; completions and failures go
 * through the database's {@link dev.mxbridge.core.store.GroupCommit}, so handling an event costs no synchronous
 * write, and whatever a handler wrote there before its event completed is durable no later than the completion.
 */
final class JdbcJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJournal.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final short PENDING = 0;
    private static final short FAILED = 2;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int IDS_PER_ROW = 1_000;

    private final Database db;
    private final Duration transactionRetention;
    private final Duration eventRetention;
    private final RecentKeys recentIds;
    private long nextSeq;
    private long lastPrune;

    JdbcJournal(Database db, Duration transactionRetention, Duration eventRetention) {
        this.db = db;
        this.transactionRetention = transactionRetention;
        this.eventRetention = eventRetention;
        this.lastPrune = System.currentTimeMillis();
        prune(lastPrune);
        // Above every sequence number used before: the journal's own rows are deleted once handled, the ids' are not.
        this.nextSeq = db.withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT GREATEST(COALESCE(MAX(j.seq), 0), "
                    + "COALESCE((SELECT MAX(last_seq) FROM as_event_ids), 0)) FROM journal j")) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        });
        this.recentIds = new RecentKeys(eventRetention);
        long loaded = db.withConnection(c -> {
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT event_ids, received_at FROM as_event_ids "
                    + "WHERE received_at >= ? ORDER BY first_seq")) {
                ps.setLong(1, lastPrune - eventRetention.toMillis());
                ps.setFetchSize(1_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long receivedAt = rs.getLong(2);
                        for (String id : rs.getString(1).split("\n")) {
                            recentIds.add(recentIds.key(id), receivedAt);
                            n++;
                        }
                    }
                }
            }
            return n;
        });
        LOG.debug("{} event ids of the last {} loaded", loaded, eventRetention);
    }

    @Override
    public Appended append(String txnId, List<NewEntry> events) {
        return append(txnId, events, entries -> { });
    }

    @Override
    public Appended append(String txnId, List<NewEntry> events, Consumer<List<JournalEntry>> whileStoring) {
        long receivedAt = System.currentTimeMillis();
        long first = nextSeq;
        List<Candidate> candidates = fresh(events, first);
        List<JournalEntry> entries = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            NewEntry e = c.entry();
            entries.add(new JournalEntry(c.seq(), txnId, e.lane(), e.ephemeral(), receivedAt, e.event()));
        }
        if (!entries.isEmpty()) {
            whileStoring.accept(List.copyOf(entries));
        }
        // PostgreSQL takes at most 65,535 parameters per statement (five per event): larger ones in a transaction.
        boolean stored = db.dialect() == Database.Dialect.POSTGRES && candidates.size() <= 12_000
                ? db.withConnection(c -> appendInOneStatement(c, txnId, events.size(), candidates, receivedAt))
                : appendInTransaction(txnId, events.size(), candidates, receivedAt);
        if (!stored && !candidates.isEmpty()) {
            // A known transaction id carrying events whose ids were never journaled: not a retry of what was stored.
            // Dendrite names a transaction after its first event and, when a try fails after we stored it (the
            // bridge stopping mid-answer, its 30 s timeout), tries again under that name with the events that came
            // meanwhile added; leaving those out lost them. Event ids keep a true retry from being handled twice.
            // Events without an id (typing, receipts) are stored again: the lanes already had them during the write.
            db.inTransaction(c -> {
                insertEvents(c, txnId, candidates, receivedAt);
                return null;
            });
            LOG.info("transaction {} came again with {} events it did not carry before: they are handled, the {} "
                    + "known ones left out (a homeserver that adds to a transaction when it retries it)", txnId,
                    candidates.size(), events.size() - candidates.size());
            stored = true;
        }
        if (!stored) {
            return Appended.ofDuplicate();
        }
        for (Candidate c : candidates) {
            if (c.key() != null) {
                recentIds.add(c.key(), receivedAt);
            }
        }
        nextSeq = first + events.size();
        if (receivedAt - lastPrune > Duration.ofHours(1).toMillis()) {
            // An hour of ids can be millions of rows: not on the path of the homeserver's request.
            lastPrune = receivedAt;
            Thread.ofVirtual().name("journal-prune").start(() -> {
                try {
                    prune(receivedAt);
                } catch (RuntimeException e) {
                    LOG.warn("could not forget old transaction and event ids (tried again in an hour): {}", e.toString());
                }
            });
        }
        return new Appended(false, entries, events.size() - candidates.size());
    }

    /** An event to store, with its sequence number, event id and its digest (both null for ephemeral events). */
    private record Candidate(long seq, NewEntry entry, String eventId, RecentKeys.Key key) {
    }

    /** One {@code as_event_ids} row: consecutive candidates' ids, separated by line feeds. */
    private record IdChunk(long firstSeq, long lastSeq, String eventIds) {
    }

    /**
     * The ids to keep, in rows of at most {@link #IDS_PER_ROW}. An id holding a line feed (no homeserver makes one)
     * is left out: recognised in memory, but not after a restart.
     */
    private static List<IdChunk> idChunks(List<Candidate> candidates) {
        List<IdChunk> out = new ArrayList<>();
        StringBuilder ids = new StringBuilder();
        long first = -1;
        long last = -1;
        int count = 0;
        for (Candidate c : candidates) {
            if (c.eventId() == null || c.eventId().indexOf('\n') >= 0) {
                continue;
            }
            if (count == IDS_PER_ROW) {
                out.add(new IdChunk(first, last, ids.toString()));
                ids.setLength(0);
                count = 0;
            }
            if (count == 0) {
                first = c.seq();
            } else {
                ids.append('\n');
            }
            ids.append(c.eventId());
            last = c.seq();
            count++;
        }
        if (count > 0) {
            out.add(new IdChunk(first, last, ids.toString()));
        }
        return out;
    }

    /**
     * The events with their sequence numbers, without those whose id was journaled before (within the retention)
     * and without a second copy of an id within the transaction.
     */
    private List<Candidate> fresh(List<NewEntry> events, long first) {
        List<Candidate> out = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        long seq = first;
        for (NewEntry e : events) {
            String id = e.eventId().orElse(null);
            if (id == null) {
                out.add(new Candidate(seq, e, null, null));
            } else if (ids.add(id)) {
                RecentKeys.Key key = recentIds.key(id);
                if (!recentIds.contains(key)) {
                    out.add(new Candidate(seq, e, id, key));
                }
            }
            seq++;
        }
        return out;
    }

    /**
     * PostgreSQL: the transaction id, the new event ids and their events in one statement (data-modifying WITHs),
     * committed on its own: one round trip to the server instead of several, which is most of the time the
     * homeserver waits for its 200. A known transaction id inserts nothing (the caller then stores what is new in it).
     *
     * @return false when the transaction id was known (nothing stored)
     */
    private static boolean appendInOneStatement(Connection c, String txnId, int count, List<Candidate> events,
                                                long receivedAt) throws SQLException {
        String txn = "INSERT INTO as_txn (txn_id, received_at, event_count) VALUES (?, ?, ?) ON CONFLICT (txn_id) DO NOTHING";
        if (events.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(txn)) {
                ps.setString(1, txnId);
                ps.setLong(2, receivedAt);
                ps.setInt(3, count);
                return ps.executeUpdate() == 1;
            }
        }
        List<IdChunk> chunks = idChunks(events);
        StringBuilder sql = new StringBuilder(600 + events.size() * 16).append("WITH t AS (").append(txn)
                .append(" RETURNING txn_id), v (seq, lane, ephemeral, payload) AS (VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(?::bigint, ?::varchar, ?::boolean, ?::varchar)" : ", (?, ?, ?, ?)");
        }
        sql.append("), ");
        if (!chunks.isEmpty()) {
            sql.append("i (first_seq, last_seq, event_ids) AS (VALUES ");
            for (int i = 0; i < chunks.size(); i++) {
                sql.append(i == 0 ? "(?::bigint, ?::bigint, ?::varchar)" : ", (?, ?, ?)");
            }
            sql.append("), e AS (INSERT INTO as_event_ids (first_seq, last_seq, received_at, event_ids)")
                    .append(" SELECT i.first_seq, i.last_seq, ?::bigint, i.event_ids FROM t, i), ");
        }
        sql.append("j AS (INSERT INTO journal (seq, txn_id, lane, ephemeral, received_at, payload, state, attempts)")
                .append(" SELECT v.seq, t.txn_id, v.lane, v.ephemeral, ?::bigint, v.payload, 0, 0 FROM t, v)")
                .append(" SELECT COUNT(*) FROM t");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, txnId);
            ps.setLong(p++, receivedAt);
            ps.setInt(p++, count);
            for (Candidate e : events) {
                ps.setLong(p++, e.seq());
                ps.setString(p++, e.entry().lane());
                ps.setBoolean(p++, e.entry().ephemeral());
                ps.setString(p++, e.entry().json());
            }
            if (!chunks.isEmpty()) {
                for (IdChunk chunk : chunks) {
                    ps.setLong(p++, chunk.firstSeq());
                    ps.setLong(p++, chunk.lastSeq());
                    ps.setString(p++, chunk.eventIds());
                }
                ps.setLong(p++, receivedAt);
            }
            ps.setLong(p, receivedAt);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /**
     * H2 (in process, no round trips): the transaction id, the new event ids and their events in one database
     * transaction.
     *
     * @return false when the transaction id was known (nothing stored)
     */
    private boolean appendInTransaction(String txnId, int count, List<Candidate> events, long receivedAt) {
        return db.inTransaction(c -> {
            try (PreparedStatement txn = c.prepareStatement(
                    "INSERT INTO as_txn (txn_id, received_at, event_count) VALUES (?, ?, ?)")) {
                txn.setString(1, txnId);
                txn.setLong(2, receivedAt);
                txn.setInt(3, count);
                txn.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
            insertEvents(c, txnId, events, receivedAt);
            return true;
        });
    }

    /** The events' rows and their ids' rows, in the caller's database transaction. */
    private static void insertEvents(Connection c, String txnId, List<Candidate> events, long receivedAt)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ids = c.prepareStatement("INSERT INTO as_event_ids "
                + "(first_seq, last_seq, received_at, event_ids) VALUES (?, ?, ?, ?)");
             PreparedStatement ins = c.prepareStatement("INSERT INTO journal "
                     + "(seq, txn_id, lane, ephemeral, received_at, payload, state, attempts) VALUES (?, ?, ?, ?, ?, ?, 0, 0)")) {
            List<IdChunk> chunks = idChunks(events);
            for (IdChunk chunk : chunks) {
                ids.setLong(1, chunk.firstSeq());
                ids.setLong(2, chunk.lastSeq());
                ids.setLong(3, receivedAt);
                ids.setString(4, chunk.eventIds());
                ids.addBatch();
            }
            for (Candidate e : events) {
                ins.setLong(1, e.seq());
                ins.setString(2, txnId);
                ins.setString(3, e.entry().lane());
                ins.setBoolean(4, e.entry().ephemeral());
                ins.setLong(5, receivedAt);
                ins.setString(6, e.entry().json());
                ins.addBatch();
            }
            if (!chunks.isEmpty()) {
                ids.executeBatch();
            }
            ins.executeBatch();
        }
    }

    @Override
    public List<RoomPosition> positions(long sinceMillis, int limit) {
        return db.withConnection(c -> {
            List<RoomPosition> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT room_id, event_id, reader, updated_at FROM room_position "
                    + "WHERE updated_at >= ? ORDER BY updated_at DESC")) {
                ps.setLong(1, sinceMillis);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RoomPosition(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                                rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void savePositions(Collection<RoomPosition> positions) {
        String sql = switch (db.dialect()) {
            case H2 -> "MERGE INTO room_position (room_id, event_id, reader, updated_at) KEY (room_id) VALUES (?, ?, ?, ?)";
            case POSTGRES -> "INSERT INTO room_position (room_id, event_id, reader, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (room_id) DO UPDATE SET event_id = EXCLUDED.event_id, reader = EXCLUDED.reader, "
                    + "updated_at = EXCLUDED.updated_at";
        };
        for (RoomPosition p : positions) {
            db.groupCommit().submit(new GroupCommit.Write(sql, p.roomId(), p.eventId(), p.reader().orElse(null), p.updatedAt()));
        }
    }

    @Override
    public List<JournalEntry> unfinished() {
        return select("WHERE state = " + PENDING, Integer.MAX_VALUE).stream().map(Journal.FailedEntry::entry).toList();
    }

    @Override
    public List<FailedEntry> failed(int limit) {
        return select("WHERE state = " + FAILED, limit);
    }

    private List<FailedEntry> select(String where, int limit) {
        return db.withConnection(c -> {
            List<FailedEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, txn_id, lane, ephemeral, received_at, payload, "
                    + "attempts, error FROM journal " + where + " ORDER BY seq")) {
                ps.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JournalEntry entry = new JournalEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getBoolean(4), rs.getLong(5), JSON.readTree(rs.getString(6)));
                        String error = rs.getString(8);
                        out.add(new FailedEntry(entry, rs.getInt(7), error == null ? "" : error));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void complete(long seq) {
        db.groupCommit().submit(new GroupCommit.Write("DELETE FROM journal WHERE seq = ?", seq));
    }

    @Override
    public void fail(long seq, int attempts, String reason) {
        String error = reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        db.groupCommit().commit(new GroupCommit.Write("UPDATE journal SET state = ?, attempts = ?, error = ? WHERE seq = ?",
                FAILED, attempts, error, seq));
    }

    @Override
    public void flush() {
        db.groupCommit().flush();
    }

    private void prune(long now) {
        int txns = db.withConnection(c -> Sql.update(c, "DELETE FROM as_txn WHERE received_at < ?",
                now - transactionRetention.toMillis()));
        int events = db.withConnection(c -> pruneEventIds(c, now - eventRetention.toMillis()));
        if (txns + events > 0) {
            LOG.debug("forgot {} transaction ids older than {} and {} transactions' event ids older than {}", txns,
                    transactionRetention, events, eventRetention);
        }
    }

    /**
     * Deletes the event-id rows received before {@code cutoff}. Rows are numbered in arrival order, so those are the
     * rows before the first one received since, which a walk along the primary key finds, stopping there: no index on
     * {@code received_at} is kept (V12), as it cost an insert on every append for a read once an hour. A clock that
     * stepped back only keeps a few rows longer.
     */
    private static int pruneEventIds(Connection c, long cutoff) throws SQLException {
        Long firstKept = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT first_seq FROM as_event_ids WHERE received_at >= ? ORDER BY first_seq LIMIT 1")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    firstKept = rs.getLong(1);
                }
            }
        }
        return firstKept == null ? Sql.update(c, "DELETE FROM as_event_ids WHERE received_at < ?", cutoff)
                : Sql.update(c, "DELETE FROM as_event_ids WHERE first_seq < ?", firstKept);
    }

    @Override
    public void close() {
        flush();
    }
}
