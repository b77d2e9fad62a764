package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's gauges, and the warning that names what keeps its file from reusing space. */
class H2StoreWatchTest {
    @TempDir
    Path dir;

    private Database open() {
        return Database.open(new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2));
    }

    private static MVStore store(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
        }
    }

    @Test
    void theGaugesReadTheFileAndWhatHoldsItsSpace() throws Exception {
        try (Database db = open()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            db.bindTo(registry);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Double.isNaN(registry.get("mxbridge.h2.file").gauge().value()) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the housekeeping finds the store on its first round
            }
            System.gc(); // a gauge holding its supplier weakly would read NaN from here on
            assertThat(registry.get("mxbridge.h2.file").gauge().value()).isGreaterThan(0);
            assertThat(registry.get("mxbridge.h2.fill").gauge().value()).isBetween(1.0, 100.0);
            // -1 would mean this H2 renamed what the watch reads
            assertThat(registry.get("mxbridge.h2.versions.held").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("mxbridge.h2.chunks.dead").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("mxbridge.h2.chunks.dead.wait").gauge().value()).isGreaterThanOrEqualTo(-0.001);
        }
    }

    @Test
    void aFileGrowingBehindAVersionStillInUseIsReportedWithTheVersionsHeld() throws Exception {
        try (Database db = open()) {
            MVStore store = store(db);
            H2StoreWatch watch = new H2StoreWatch(db.dataSource(), 1L << 20, 100);
            assertThat(watch.check(store)).as("a small new file").isEmpty();
            Sql sql = new Sql(db);
            sql.update("CREATE TABLE \"filler\" (\"id\" INT PRIMARY KEY, \"body\" VARCHAR)");
            sql.update("INSERT INTO \"filler\" VALUES (1, '')");
            MVStore.TxCounter reader = store.registerVersionUsage(); // a reader that never finishes
            try {
                String body = "x".repeat(20_000);
                for (int i = 0; store.getFileStore().size() < 4L << 20 && i < 10_000; i++) {
                    sql.update("UPDATE \"filler\" SET \"body\" = '" + body + i + "' WHERE \"id\" = 1");
                }
                H2StoreWatch.State state = watch.state(store);
                assertThat(state.versionsHeld()).isGreaterThan(100);
                assertThat(state.deadChunks()).isGreaterThan(0);
                assertThat(watch.check(store)).hasValueSatisfying(said -> assertThat(said)
                        .contains("held").contains("dead chunks").contains("Sessions with a statement open"));
                assertThat(watch.check(store)).as("said once per doubling").isEmpty();
            } finally {
                store.deregisterVersionUsage(reader);
            }
        }
    }

    @Test
    void aFileAlreadyLargeAtTheFirstLookIsSaidAtInfoAndOnlyItsDoublingCounts() throws Exception {
        try (Database db = open()) {
            MVStore store = store(db);
            long opened = store.getFileStore().size();
            H2StoreWatch watch = new H2StoreWatch(db.dataSource(), opened / 2, 100);
            MVStore.TxCounter reader = store.registerVersionUsage(); // what would make growth look wrong
            try {
                assertThat(watch.check(store)).hasValueSatisfying(said -> assertThat(said)
                        .startsWith("the H2 file is ").contains("at start-up").doesNotContain("not being reused"));
                Sql sql = new Sql(db);
                sql.update("CREATE TABLE \"filler\" (\"id\" INT PRIMARY KEY, \"body\" VARCHAR)");
                sql.update("INSERT INTO \"filler\" VALUES (1, '')");
                String body = "x".repeat(20_000);
                for (int i = 0; (i < 200 || store.getFileStore().size() <= 2 * opened) && i < 10_000; i++) {
                    sql.update("UPDATE \"filler\" SET \"body\" = '" + body + i + "' WHERE \"id\" = 1");
                }
                assertThat(watch.check(store)).hasValueSatisfying(said -> assertThat(said)
                        .startsWith("the H2 file grew to").contains("not being reused"));
            } finally {
                store.deregisterVersionUsage(reader);
            }
        }
    }
}
