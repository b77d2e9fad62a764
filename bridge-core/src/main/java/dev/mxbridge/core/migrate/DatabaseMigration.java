package dev.mxbridge.core.migrate;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.store.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Copies every table of a bridge's database into another database, H2 to PostgreSQL or back. Refuses while a
 * bridge holds either side; the target must be empty or hold an earlier, interrupted run's progress. Each table is
 * copied in primary-key order, one batch per target transaction together with its progress row, and verified by
 * row count and checksum. The progress table is dropped once every table verified.
 *
 * <pre>{@code
 * DatabaseMigration.from(source).to(target).batchSize(1000).listener(progress).run();
 * }</pre>
 */
public final class DatabaseMigration {
    /** Flyway's own table (each side has its own history) and ours: not copied. */
    private static final List<String> NOT_COPIED = List.of(ProgressTable.NAME, "mxbridge_schema_history");

    private final BridgeConfig.Database source;
    private BridgeConfig.Database target;
    private int batchSize = 1000;
    private Listener listener = Listener.NONE;

    private DatabaseMigration(BridgeConfig.Database source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A migration from this database. */
    public static DatabaseMigration from(BridgeConfig.Database source) {
        return new DatabaseMigration(source);
    }

    public DatabaseMigration to(BridgeConfig.Database value) {
        this.target = Objects.requireNonNull(value, "target");
        return this;
    }

    public DatabaseMigration batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.batchSize = value;
        return this;
    }

    public DatabaseMigration listener(Listener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /** What a run reports as it goes; a listener that throws interrupts the run, which a later run resumes. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A table is about to be copied: {@code copied} of {@code total} rows are already there (a resumed run). */
        default void tableStarted(String table, long copied, long total) {
        }

        /** A batch was committed to the target. */
        default void batchCopied(String table, long copied, long total) {
        }

        /** A table's row counts and checksums agree on both sides. */
        default void tableVerified(String table, long rows, String checksum) {
        }
    }

    /** A table as a dry run finds it: rows in the source, and rows already copied by an interrupted run. */
    public record Planned(String table, long sourceRows, long alreadyCopied) {
    }

    /** Copies and verifies every table; returns the tables in the order they were copied. */
    public List<String> run() {
        requireTarget();
        SourceLock.requireFree(source.url(), source.user(), source.password(), "source");
        SourceLock.requireFree(target.url(), target.user(), target.password(), "target");
        try (Database from = Database.open(source); Database to = Database.open(target)) {
            List<String> tables = tables(from);
            to.withConnection(c -> {
                ProgressTable.create(c);
                return null;
            });
            for (String table : tables) {
                new TableCopy(from, to, table, batchSize, listener).run();
            }
            to.withConnection(c -> {
                ProgressTable.drop(c);
                return null;
            });
            return tables;
        }
    }

    /** What {@link #run} would copy; writes nothing to the target (the source gets any pending schema migration). */
    public List<Planned> dryRun() {
        requireTarget();
        SourceLock.requireFree(source.url(), source.user(), source.password(), "source");
        SourceLock.requireFree(target.url(), target.user(), target.password(), "target");
        List<Planned> plan = new ArrayList<>();
        try (Database from = Database.open(source);
             Connection to = DriverManager.getConnection(target.url(), target.user(), target.password())) {
            for (String table : tables(from)) {
                long rows = from.withConnection(c -> TableCopy.count(c, table));
                plan.add(new Planned(table, rows, TableCopy.existingRows(to, table)));
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to the target " + target.url() + ": " + e.getMessage(), e);
        }
        return plan;
    }

    private void requireTarget() {
        if (target == null) {
            throw new IllegalStateException("no target database");
        }
        if (target.url().equals(source.url())) {
            throw new MigrationException("the target is the source database: " + source.url());
        }
    }

    /** The bridge's tables (lower case), in name order. */
    static List<String> tables(Database db) {
        return db.withConnection(c -> {
            DatabaseMetaData meta = c.getMetaData();
            String schema = db.dialect() == Database.Dialect.H2 ? "PUBLIC" : "public";
            List<String> tables = new ArrayList<>();
            try (ResultSet r = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (r.next()) {
                    String name = r.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!NOT_COPIED.contains(name)) {
                        tables.add(name);
                    }
                }
            }
            tables.sort(null);
            return tables;
        });
    }
}
