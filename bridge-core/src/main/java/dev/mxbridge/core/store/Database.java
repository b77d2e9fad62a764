package dev.mxbridge.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mxbridge.core.config.BridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's database: H2 embedded (the default) or PostgreSQL, one schema for both, migrated by Flyway on open
 * when a migration is pending.
 * Work runs through {@link #inTransaction} or {@link #withConnection}; small writes that may trail behind go
 * through {@link #groupCommit()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Which SQL engine is behind the URL. */
    public enum Dialect { H2, POSTGRES }

    /** The highest {@code V<n>__} under {@link #MIGRATIONS}; DatabaseTest checks that it is. */
    static final int SCHEMA_VERSION = 12;
    static final String MIGRATIONS = "dev/mxbridge/core/store/migration";
    private static final String HISTORY = "mxbridge_schema_history";

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final GroupCommit groupCommit;
    private final Optional<H2Housekeeping> housekeeping;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.groupCommit = new GroupCommit(this);
        this.housekeeping = dialect == Dialect.H2
                ? Optional.of(new H2Housekeeping(dataSource, Duration.ofMillis(250)))
                : Optional.empty();
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(BridgeConfig.Database config) {
        Dialect dialect = dialectOf(config.url());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(dialect == Dialect.H2 ? h2Url(config.url()) : config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName("mxbridge-db");
        hikari.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            if (!upToDate(ds)) {
                Migrations.migrate(ds);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("migrating " + redact(config.url()) + " failed: " + e.getMessage(), e);
        }
        LOG.info("database {} ready ({})", redact(config.url()), dialect);
        return new Database(ds, dialect);
    }

    /**
     * Whether Flyway's history says every migration up to {@link #SCHEMA_VERSION} was applied and nothing failed or
     * came later: then Flyway is not even loaded (about 410 classes and their metadata, kept for the life of the
     * process). The price: the checksums of applied migrations are checked only when one is pending.
     */
    static boolean upToDate(DataSource ds) {
        try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rows = s.executeQuery("SELECT \"version\", \"success\" FROM \"" + HISTORY + "\"")) {
            int latest = 0;
            while (rows.next()) {
                String version = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    return false;
                }
                if (version != null) {
                    latest = Math.max(latest, Integer.parseInt(version));
                }
            }
            return latest == SCHEMA_VERSION;
        } catch (SQLException | NumberFormatException e) {
            return false; // a new database (no history yet), or one Flyway should look at
        }
    }

    /** Flyway, in a class of its own so that it is loaded only when a migration is pending. */
    private static final class Migrations {
        static void migrate(DataSource ds) {
            Flyway.configure().dataSource(ds).locations("classpath:" + MIGRATIONS).table(HISTORY).load().migrate();
        }
    }

    static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRES;
        }
        throw new StoreException("unsupported database URL " + redact(url) + ": use jdbc:h2:... or jdbc:postgresql:...", null);
    }

    /**
     * The H2 settings the bridge needs, unless the URL names its own:
     * <ul>
     *   <li>{@code WRITE_DELAY=0}: H2 keeps committed data in memory for up to 500 ms by default, which a killed
     *       process would lose; 0 writes every commit to the file before returning, which is what "stored before we
     *       answer 200" needs.</li>
     *   <li>{@code CACHE_SIZE} (KiB) a sixty-fourth of the maximum heap, 2–16 MiB, where H2 takes 16 MiB whatever the
     *       heap: every commit puts the pages it wrote into that cache, and the next commit's copies replace them, so
     *       a large cache mostly holds pages no one reads again, long enough to survive young collections. At the
     *       launcher's 128 MiB heap, 2 MiB halved the serial collector's young pauses at 1,000 msg/s (performance.md,
     *       "What filled the 128 MiB heap"). The bridge's hot pages (the journal's, the maps' inner pages) fit many times
     *       over.</li>
     * </ul>
     */
    static String h2Url(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        if (!upper.contains(";WRITE_DELAY=")) {
            out.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";CACHE_SIZE=")) {
            out.append(";CACHE_SIZE=").append(h2CacheKib(Runtime.getRuntime().maxMemory()));
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            out.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return out.toString();
    }

    /** H2's page cache in KiB for a maximum heap of {@code maxHeapBytes}: a sixty-fourth, 2–16 MiB. */
    static long h2CacheKib(long maxHeapBytes) {
        return Math.clamp(maxHeapBytes / 64 / 1024, 2_048, 16_384);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The database's one write-behind queue: small writes that need not be durable before the caller goes on,
     * committed in batches and in submission order (see {@link GroupCommit}).
     */
    public GroupCommit groupCommit() {
        return groupCommit;
    }

    /** Runs {@code work} in one database transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} with a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("database call failed: " + e.getMessage(), e);
        }
    }

    /** Registers the store's gauges on {@code registry} (H2: the file, its fill and what keeps space from reuse). */
    public void bindTo(MeterRegistry registry) {
        housekeeping.ifPresent(h -> h.bindTo(registry));
    }

    /** Whether the database answers a trivial query within a second. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Commits what the write-behind holds, then closes the pool (H2: after its housekeeping and a checkpoint). */
    @Override
    public void close() {
        groupCommit.close();
        housekeeping.ifPresent(H2Housekeeping::close);
        if (dialect == Dialect.H2 && !dataSource.isClosed()) {
            try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                LOG.warn("H2 checkpoint on close failed: {}", e.getMessage());
            }
        }
        dataSource.close();
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
