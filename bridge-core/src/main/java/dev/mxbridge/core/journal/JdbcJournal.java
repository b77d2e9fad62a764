package dev.mxbridge.core.journal;

import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.GroupCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final Database db;
    private final Duration retention;
    private long nextSeq;
    private long lastPrune;

    JdbcJournal(Database db, Duration retention) {
        this.db = db;
        this.retention = retention;
        this.nextSeq = db.withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM journal")) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        });
        this.lastPrune = System.currentTimeMillis();
        pruneTransactions(lastPrune);
    }

    @Override
    public Appended append(String txnId, List<NewEntry> events) {
        long receivedAt = System.currentTimeMillis();
        long first = nextSeq;
        // PostgreSQL takes at most 65,535 parameters per statement (four per event): larger ones in a transaction.
        boolean stored = db.dialect() == Database.Dialect.POSTGRES && events.size() <= 16_000
                ? db.withConnection(c -> appendInOneStatement(c, txnId, events, receivedAt, first))
                : appendInTransaction(txnId, events, receivedAt, first);
        if (!stored) {
            return Appended.ofDuplicate();
        }
        nextSeq = first + events.size();
        List<JournalEntry> entries = new ArrayList<>(events.size());
        long seq = first;
        for (NewEntry e : events) {
            entries.add(new JournalEntry(seq++, txnId, e.lane(), e.ephemeral(), receivedAt, e.event()));
        }
        if (receivedAt - lastPrune > Duration.ofHours(1).toMillis()) {
            // An hour of ids can be millions of rows: not on the path of the homeserver's request.
            lastPrune = receivedAt;
            Thread.ofVirtual().name("journal-prune").start(() -> {
                try {
                    pruneTransactions(receivedAt);
                } catch (RuntimeException e) {
                    LOG.warn("could not forget old transaction ids (tried again in an hour): {}", e.toString());
                }
            });
        }
        return new Appended(false, entries);
    }

    /**
     * PostgreSQL: the transaction id and every event in one statement (a data-modifying WITH), committed on its own:
     * one round trip to the server instead of three, which is most of the time the homeserver waits for its 200.
     * A known transaction id inserts nothing, and so no event either.
     */
    private static boolean appendInOneStatement(Connection c, String txnId, List<NewEntry> events, long receivedAt,
                                                long first) throws SQLException {
        String txn = "INSERT INTO as_txn (txn_id, received_at, event_count) VALUES (?, ?, ?) ON CONFLICT (txn_id) DO NOTHING";
        if (events.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(txn)) {
                ps.setString(1, txnId);
                ps.setLong(2, receivedAt);
                ps.setInt(3, 0);
                return ps.executeUpdate() == 1;
            }
        }
        StringBuilder sql = new StringBuilder(200 + events.size() * 16).append("WITH t AS (").append(txn)
                .append(" RETURNING txn_id) INSERT INTO journal (seq, txn_id, lane, ephemeral, received_at, payload, state, attempts) ")
                .append("SELECT v.seq, t.txn_id, v.lane, v.ephemeral, ?, v.payload, 0, 0 FROM t, (VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(?::bigint, ?, ?::boolean, ?)" : ", (?, ?, ?, ?)");
        }
        sql.append(") AS v (seq, lane, ephemeral, payload)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, txnId);
            ps.setLong(p++, receivedAt);
            ps.setInt(p++, events.size());
            ps.setLong(p++, receivedAt);
            long seq = first;
            for (NewEntry e : events) {
                ps.setLong(p++, seq++);
                ps.setString(p++, e.lane());
                ps.setBoolean(p++, e.ephemeral());
                ps.setString(p++, e.json());
            }
            return ps.executeUpdate() == events.size();
        }
    }

    /** H2 (in process, no round trips): the transaction id and the events in one database transaction. */
    private boolean appendInTransaction(String txnId, List<NewEntry> events, long receivedAt, long first) {
        return db.inTransaction(c -> {
            try (PreparedStatement txn = c.prepareStatement(
                    "INSERT INTO as_txn (txn_id, received_at, event_count) VALUES (?, ?, ?)")) {
                txn.setString(1, txnId);
                txn.setLong(2, receivedAt);
                txn.setInt(3, events.size());
                txn.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
            if (!events.isEmpty()) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO journal "
                        + "(seq, txn_id, lane, ephemeral, received_at, payload, state, attempts) VALUES (?, ?, ?, ?, ?, ?, 0, 0)")) {
                    long seq = first;
                    for (NewEntry e : events) {
                        ins.setLong(1, seq++);
                        ins.setString(2, txnId);
                        ins.setString(3, e.lane());
                        ins.setBoolean(4, e.ephemeral());
                        ins.setLong(5, receivedAt);
                        ins.setString(6, e.json());
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
            }
            return true;
        });
    }

    @Override
    public java.util.Optional<String> lastTransactionId() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT txn_id FROM as_txn ORDER BY received_at DESC, txn_id DESC")) {
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.<String>empty();
                }
            }
        });
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

    private void pruneTransactions(long now) {
        int pruned = db.withConnection(c -> pruneBefore(c, now - retention.toMillis()));
        if (pruned > 0) {
            LOG.debug("forgot {} transaction ids older than {}", pruned, retention);
        }
    }

    private static int pruneBefore(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM as_txn WHERE received_at < ?")) {
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        flush();
    }
}
