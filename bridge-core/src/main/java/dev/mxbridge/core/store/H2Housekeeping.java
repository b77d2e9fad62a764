package dev.mxbridge.core.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MVStore upkeep that H2 leaves out under {@code WRITE_DELAY=0}: that setting (which the journal needs, so that a
 * commit is in the file before the homeserver gets its 200) stops H2's background writer thread, and with it the
 * housekeeping that rewrites the few live pages of mostly dead chunks. Without it no chunk ever became free, and the
 * file grew for as long as the load lasted (2.9 GB in three minutes in the bridging benchmark; docs/reliability.md).
 * This runs the same round at the interval {@link Database} gives it (250 ms) while the store is written busily; after
 * only a few commits it waits (up to 5 s) for more, and it looks less often (up to every 5 s) while nothing is
 * written. H2 has no public call for it ({@code FileStore.doHousekeeping} is protected), hence the reflection; if
 * a later H2 renames it, the failure is logged once and the store still works, only unbounded again. After each round
 * it keeps H2's queue of dead chunks moving ({@link H2Internals#unblockDeadChunks}): after an unclean stop H2 leaves a
 * chunk in it that it can never free, and everything behind it waited for good.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** The longest pause between two looks while nothing is written: an idle bridge is not woken 4 times a second. */
    private static final long IDLE_MAX_MILLIS = 5_000;
    /**
     * Commits since the last round below which a round waits (up to {@link #IDLE_MAX_MILLIS}): a quiet bridge commits a
     * few times per message, and a round every 250 ms for those cost more CPU than the messages themselves.
     */
    private static final long FEW_COMMITS = 32;
    /** How often the store's growth is looked at ({@link H2StoreWatch}). */
    private static final long CHECK_MILLIS = 30_000;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("h2-housekeeping").factory());
    private final Method housekeeping;
    private final long everyMillis;
    private final H2StoreWatch watch;
    private long delayMillis;
    private volatile MVStore store;
    private long lastCheckAt;
    private long lastVersion = -1;
    private long lastRoundAt;

    H2Housekeeping(DataSource dataSource, Duration every) {
        this.dataSource = dataSource;
        this.everyMillis = every.toMillis();
        this.delayMillis = everyMillis;
        this.watch = new H2StoreWatch(dataSource);
        this.housekeeping = H2Internals.HOUSEKEEPING;
        if (housekeeping == null) {
            LOG.warn("H2 housekeeping unavailable, the database file will not give space back while running");
        } else {
            timer.schedule(this::tick, everyMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A round if anything was committed since the last one, then the next: at the given interval while the store is
     * written, backing off to {@link #IDLE_MAX_MILLIS} while it is not.
     */
    private void tick() {
        boolean wrote = run();
        check();
        delayMillis = wrote ? everyMillis : Math.min(delayMillis * 2, IDLE_MAX_MILLIS);
        try {
            timer.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /**
     * One round, as H2's background writer would run it: rewrites sparse chunks if the file needs it. Returns whether
     * the store had been written since the last round (nothing to do otherwise).
     */
    boolean run() {
        try {
            MVStore mv = store();
            if (mv.isClosed()) {
                return false;
            }
            long version = mv.getCurrentVersion();
            if (version == lastVersion) {
                return false;
            }
            long now = System.nanoTime();
            if (lastVersion >= 0 && version - lastVersion < FEW_COMMITS
                    && now - lastRoundAt < TimeUnit.MILLISECONDS.toNanos(IDLE_MAX_MILLIS)) {
                return true; // a few commits (a quiet bridge's message or two) leave little to rewrite: later
            }
            housekeeping.invoke(mv.getFileStore(), mv);
            H2Internals.Unblocked unblocked = H2Internals.unblockDeadChunks(mv);
            if (unblocked.neverFreeable() > 0) {
                LOG.info("took {} dead chunks out of H2's queue that it can never free (left by opening the file after"
                        + " an unclean stop); they held back the reuse of the file's space", unblocked.neverFreeable());
            }
            if (unblocked.movedAhead() > 0) {
                LOG.debug("{} dead chunks that may be freed were waiting behind one that may not: moved ahead",
                        unblocked.movedAhead());
            }
            lastVersion = mv.getCurrentVersion(); // what the round itself rewrote is no reason for another
            lastRoundAt = now;
            return true;
        } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
            LOG.warn("H2 housekeeping failed (tried again in a moment): {}", e.toString());
            store = null;
            return false;
        }
    }

    /** The store watch's look, every {@link #CHECK_MILLIS}. */
    private void check() {
        long now = System.nanoTime();
        if (now - lastCheckAt < TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
            return;
        }
        lastCheckAt = now;
        try {
            MVStore mv = store();
            if (!mv.isClosed()) {
                watch.check(mv);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("H2 store check failed: {}", e.toString());
        }
    }

    /** Registers the store's gauges ({@link H2StoreWatch}). */
    void bindTo(MeterRegistry registry) {
        watch.bindTo(registry, () -> store);
    }

    private MVStore store() throws SQLException {
        if (store == null) {
            try (Connection c = dataSource.getConnection()) {
                store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            }
        }
        return store;
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
