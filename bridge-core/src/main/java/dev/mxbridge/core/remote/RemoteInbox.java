package dev.mxbridge.core.remote;

import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.GroupCommit;
import dev.mxbridge.core.store.RecentKeys;
import dev.mxbridge.core.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable inbox of remote events: what a network pushes with {@code pushDurably} is written (through the
 * database's write-behind, so many pushes share a commit) and handed on for bridging; the returned stage completes
 * once the row is committed, and a network that redelivers what it has not acknowledged acknowledges then. A bridged
 * event's row is deleted ({@link #complete}); one given up on is kept as failed. What a crash leaves unfinished is
 * bridged again after the restart ({@link #unfinished}), in push order. An event pushed with a delivery key that was
 * stored before (within the retention) is dropped.
 *
 * <p>Threading: {@link #append} from any thread; appends are serialised, so an entry is handed on in the order of
 * its sequence number, and the write-behind commits in that order too.
 */
public final class RemoteInbox {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteInbox.class);
    private static final short PENDING = 0;
    private static final short FAILED = 2;

    /**
     * An event stored in the inbox.
     *
     * @param seq      its place in push order
     * @param event    the event
     * @param replayed whether it was loaded at start-up: it may have been bridged before the crash
     */
    public record Stored(long seq, RemoteEvent event, boolean replayed) {
    }

    private final Database db;
    private final Duration keyRetention;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> uncommittedKeys = new HashSet<>();
    /** The keys stored within the retention (guarded by {@link #lock}): no database read per keyed push. */
    private final RecentKeys recentKeys;
    private long nextSeq;
    private long lastPrune;

    public RemoteInbox(Database db, Duration keyRetention) {
        this.db = db;
        this.keyRetention = keyRetention;
        this.nextSeq = db.withConnection(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM remote_inbox")) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        });
        long now = System.currentTimeMillis();
        prune(now);
        this.recentKeys = new RecentKeys(keyRetention);
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT k, received_at FROM remote_key WHERE received_at >= ? "
                    + "ORDER BY received_at")) {
                ps.setLong(1, now - keyRetention.toMillis());
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        recentKeys.add(recentKeys.key(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Stores an event and hands it to {@code then} (before the commit: bridging need not wait for it).
     *
     * @param key the network's delivery id, if it has one; an event whose key was stored before is dropped
     * @return completes with true once the row is committed, or at once with false for a known key
     */
    public CompletableFuture<Boolean> append(RemoteEvent event, Optional<String> key, Consumer<Stored> then) {
        String payload = RemoteEventCodec.write(event);
        long now = System.currentTimeMillis();
        CompletableFuture<Void> committed;
        lock.lock();
        try {
            if (key.isPresent()) {
                String k = key.get();
                if (uncommittedKeys.contains(k) || recentKeys.contains(recentKeys.key(k))) {
                    return CompletableFuture.completedFuture(false);
                }
                uncommittedKeys.add(k);
                db.groupCommit().submit(new GroupCommit.Write("INSERT INTO remote_key (k, received_at) VALUES (?, ?)", k, now));
            }
            long seq = nextSeq++;
            committed = db.groupCommit().submitTracked(new GroupCommit.Write("INSERT INTO remote_inbox "
                    + "(seq, lane, payload, state, attempts, received_at) VALUES (?, ?, ?, 0, 0, ?)",
                    seq, event.room().key(), payload, now));
            then.accept(new Stored(seq, event, false));
            if (now - lastPrune > Duration.ofHours(1).toMillis()) {
                lastPrune = now;
                Thread.ofVirtual().name("remote-inbox-prune").start(() -> prune(now));
            }
        } finally {
            lock.unlock();
        }
        return committed.whenComplete((v, failed) -> key.ifPresent(k -> {
            lock.lock();
            try {
                uncommittedKeys.remove(k);
                if (failed == null) {
                    recentKeys.add(recentKeys.key(k), now);
                } // else not stored: a redelivery is new
            } finally {
                lock.unlock();
            }
        })).thenApply(v -> true);
    }

    /** Every stored event neither bridged nor given up on, in push order: what a restart must still bridge. */
    public List<Stored> unfinished() {
        return db.withConnection(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, payload FROM remote_inbox WHERE state = ? ORDER BY seq")) {
                ps.setShort(1, PENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(new Stored(rs.getLong(1), RemoteEventCodec.read(rs.getString(2)), true));
                        } catch (RuntimeException e) {
                            LOG.warn("remote inbox row {} cannot be read ({}); left as failed", rs.getLong(1), e.toString());
                            fail(rs.getLong(1), 0, "unreadable: " + e.getMessage());
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The event is in Matrix: its row goes (behind, with the writes the bridging queued before it). */
    public void complete(long seq) {
        db.groupCommit().submit(new GroupCommit.Write("DELETE FROM remote_inbox WHERE seq = ?", seq));
    }

    /** The event was given up on after {@code attempts}: its row stays, marked failed with the reason. */
    public void fail(long seq, int attempts, String reason) {
        String error = reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        db.groupCommit().submit(new GroupCommit.Write("UPDATE remote_inbox SET state = ?, attempts = ?, error = ? "
                + "WHERE seq = ?", FAILED, attempts, error, seq));
    }

    private void prune(long now) {
        try {
            int pruned = db.withConnection(c -> Sql.update(c, "DELETE FROM remote_key WHERE received_at < ?",
                    now - keyRetention.toMillis()));
            if (pruned > 0) {
                LOG.debug("forgot {} remote delivery keys older than {}", pruned, keyRetention);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not forget old remote delivery keys (tried again in an hour): {}", e.toString());
        }
    }
}
