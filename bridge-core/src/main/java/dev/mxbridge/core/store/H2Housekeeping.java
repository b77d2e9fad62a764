package dev.mxbridge.core.store;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MVStore upkeep that H2 leaves out under {@code WRITE_DELAY=0}: that setting (which the journal needs, so that a
 * commit is in the file before the homeserver gets its 200) stops H2's background writer thread, and with it the
 * housekeeping that rewrites the few live pages of mostly dead chunks. Without it no chunk ever became free, and the
 * file grew for as long as the load lasted (2.9 GB in three minutes in the bridging benchmark; docs/reliability.md).
 * This runs the same round at the interval {@link Database} gives it (250 ms). H2 has no public call for it
 * ({@code FileStore.doHousekeeping} is protected), hence the reflection; if a later H2 renames it, the failure is
 * logged once and the store still works, only unbounded again.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("h2-housekeeping").factory());
    private final Method housekeeping;

    H2Housekeeping(DataSource dataSource, Duration every) {
        this.dataSource = dataSource;
        Method method = null;
        try {
            method = FileStore.class.getDeclaredMethod("doHousekeeping", MVStore.class);
            method.setAccessible(true);
            timer.scheduleWithFixedDelay(this::run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("H2 housekeeping unavailable, the database file will not give space back while running: {}", e.toString());
        }
        this.housekeeping = method;
    }

    /** One round, as H2's background writer would run it: rewrites sparse chunks if the file needs it. */
    void run() {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            if (store.isClosed()) {
                return;
            }
            housekeeping.invoke(store.getFileStore(), store);
        } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
            LOG.warn("H2 housekeeping failed (tried again in a moment): {}", e.toString());
        }
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
