package dev.mxbridge.core.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the embedded H2 store holds, as gauges on {@code /metrics} ({@code mxbridge_h2_*}), and a warning when its file
 * grows while mostly empty: then something keeps the store from reusing the space of its dead chunks (an old version
 * still in use, or a dead chunk that is not yet free blocking those behind it), and the warning says which, with the
 * sessions that hold a statement open. MVStore's oldest version in use and its queue of dead chunks are not public
 * ({@link H2Internals}); if a later H2 renames them, those read as -1.
 *
 * <p>Threading: {@link #check} runs on the housekeeping thread; the gauges are read by whoever scrapes.
 */
final class H2StoreWatch {
    private static final Logger LOG = LoggerFactory.getLogger(H2StoreWatch.class);
    /** Below this the file's size is no concern, however empty. */
    private static final long SMALL_FILE = 64L << 20;
    /** Versions held beyond which a reader has been at it for minutes (each commit is a version). */
    private static final long MANY_VERSIONS = 10_000;

    private final DataSource dataSource;
    private final long manyVersions;
    private long warnAbove;
    private boolean looked;

    H2StoreWatch(DataSource dataSource) {
        this(dataSource, SMALL_FILE, MANY_VERSIONS);
    }

    /**
     * @param smallFile the file size below which nothing is said
     * @param manyVersions versions held beyond which the growth is warned of
     */
    H2StoreWatch(DataSource dataSource, long smallFile, long manyVersions) {
        this.dataSource = dataSource;
        this.warnAbove = smallFile;
        this.manyVersions = manyVersions;
    }

    /**
     * The store's state at one moment. Versions and chunks read -1 where H2 did not let us see them. A dead chunk's
     * space is free once it is older than the retention time (H2's default 45 s: the file system's write-back is assumed
     * done by then) and no reader holds a version it was still in use at; until then it waits in a queue, so at a steady
     * commit rate the file holds about that many seconds' worth of chunks.
     */
    record State(long fileBytes, int fillPercent, long currentVersion, long oldestVersionToKeep,
                 int deadChunks, String firstDeadChunk, long firstDeadAgeMillis, int retentionMillis) {
        long versionsHeld() {
            return oldestVersionToKeep < 0 ? -1 : currentVersion - oldestVersionToKeep;
        }

        /** Whether the first dead chunk has waited far past the retention time: the queue is not moving. */
        boolean deadChunksStuck() {
            return retentionMillis >= 0 && firstDeadAgeMillis > 3L * retentionMillis + 60_000;
        }
    }

    State state(MVStore store) {
        FileStore<?> file = store.getFileStore();
        Chunk<?> head = firstDeadChunk(store);
        return new State(file.size(), file.getFillRate(), store.getCurrentVersion(), H2Internals.oldestVersionToKeep(store),
                deadChunkCount(store), head == null ? "" : head.toString(), firstDeadAgeMillis(store, head),
                file.getRetentionTime());
    }

    private static int deadChunkCount(MVStore store) {
        Deque<Chunk<?>> queue = H2Internals.deadChunks(store);
        return queue == null ? -1 : queue.size();
    }

    private static Chunk<?> firstDeadChunk(MVStore store) {
        Deque<Chunk<?>> queue = H2Internals.deadChunks(store);
        return queue == null ? null : queue.peekFirst();
    }

    private static long firstDeadAgeMillis(MVStore store, Chunk<?> head) {
        return head == null ? -1 : H2Internals.age(store, head);
    }

    private static long versionsHeld(MVStore store) {
        long oldest = H2Internals.oldestVersionToKeep(store);
        return oldest < 0 ? -1 : store.getCurrentVersion() - oldest;
    }

    /** Registers the gauges; each reads only what it reports, when scraped. */
    void bindTo(MeterRegistry registry, Supplier<MVStore> store) {
        gauge(registry, store, "mxbridge.h2.file", "bytes", "size of the H2 database file", s -> s.getFileStore().size());
        gauge(registry, store, "mxbridge.h2.fill", "percent", "share of the H2 file in use", s -> s.getFileStore().getFillRate());
        gauge(registry, store, "mxbridge.h2.versions.held", null,
                "store versions kept for readers (grows without bound when a reader never finishes)",
                H2StoreWatch::versionsHeld);
        gauge(registry, store, "mxbridge.h2.chunks.dead", null,
                "dead chunks whose space is not yet free (waiting for their retention time or an old version's readers)",
                H2StoreWatch::deadChunkCount);
        gauge(registry, store, "mxbridge.h2.chunks.dead.wait", "seconds",
                "since the first dead chunk in the queue was written (beyond the retention time: the queue is not moving)",
                s -> firstDeadAgeMillis(s, firstDeadChunk(s)) / 1000.0);
    }

    private static void gauge(MeterRegistry registry, Supplier<MVStore> store, String name,
                              String unit, String description, ToDoubleFunction<MVStore> value) {
        Gauge.builder(name, store, s -> {
            MVStore mv = s.get();
            return mv == null || mv.isClosed() ? Double.NaN : value.applyAsDouble(mv);
        }).strongReference(true) // the supplier is referenced from nowhere else: weakly held, it would be collected
                .baseUnit(unit).description(description).register(registry);
    }

    /**
     * Says so each time the file has doubled past 64 MiB, or past its size at the first look if that was larger: as a
     * warning, with what holds the space and the sessions with a statement open, when the growth looks wrong (less
     * than half the file in use, more than 10,000 versions held, or dead chunks waiting far past the retention time);
     * returns what it said. A file already large at the first look (a restart) is said at INFO and is no growth: just
     * after opening, H2 has not yet freed the chunks it found dead, and a file that a busy run left mostly empty
     * inside is reused, not grown.
     */
    Optional<String> check(MVStore store) {
        State state = state(store);
        if (!looked) {
            looked = true;
            if (state.fileBytes() > warnAbove) {
                warnAbove = state.fileBytes() * 2;
                String opened = String.format(Locale.ROOT, "the H2 file is %d MiB at start-up, %d %% in use;"
                        + " the bridge says so again if it doubles", state.fileBytes() >> 20, state.fillPercent());
                LOG.info(opened);
                return Optional.of(opened);
            }
        }
        if (state.fileBytes() <= warnAbove) {
            return Optional.empty();
        }
        warnAbove = state.fileBytes() * 2;
        String grew = String.format(Locale.ROOT, "the H2 file grew to %d MiB, %d %% in use; store version %d,"
                        + " oldest kept %d (%d held), %d dead chunks not yet freed",
                state.fileBytes() >> 20, state.fillPercent(), state.currentVersion(), state.oldestVersionToKeep(),
                state.versionsHeld(), state.deadChunks());
        if (state.fillPercent() >= 50 && state.versionsHeld() <= manyVersions && !state.deadChunksStuck()) {
            LOG.info(grew);
            return Optional.of(grew);
        }
        String warning = grew + ": its space is not being reused. The first dead chunk, written "
                + state.firstDeadAgeMillis() / 1000 + " s ago (retention " + state.retentionMillis() / 1000 + " s): "
                + state.firstDeadChunk() + ". Sessions with a statement open: " + openStatements();
        LOG.warn(warning);
        return Optional.of(warning);
    }

    /** The sessions running a statement (a long-running one holds the version it started at), oldest first. */
    private String openStatements() {
        List<String> sessions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT SESSION_ID, EXECUTING_STATEMENT_START, CONTAINS_UNCOMMITTED,"
                     + " SESSION_STATE, EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS"
                     + " WHERE SESSION_ID <> SESSION_ID() AND EXECUTING_STATEMENT IS NOT NULL"
                     + " ORDER BY EXECUTING_STATEMENT_START")) {
            while (rows.next()) {
                sessions.add("#" + rows.getInt(1) + " since " + rows.getString(2) + " (uncommitted: " + rows.getBoolean(3)
                        + ", " + rows.getString(4) + "): " + rows.getString(5));
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return sessions.isEmpty() ? "none" : String.join("; ", sessions);
    }
}
