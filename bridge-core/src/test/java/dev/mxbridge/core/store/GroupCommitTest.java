package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The write-behind commits in submission order, keeps a refused batch whole, and drains on close. */
@Timeout(30)
class GroupCommitTest {
    @TempDir
    Path dir;

    private Database open(String name) {
        return Database.open(new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve(name), "sa", "", 4));
    }

    private static List<String> rows(Database db, String table) {
        return new Sql(db).list("SELECT v FROM " + table + " ORDER BY id", rs -> rs.getString(1));
    }

    @Test
    void writesFromManyThreadsAllCommitAndEachThreadsWritesInItsOrder() throws Exception {
        try (Database db = open("order")) {
            new Sql(db).update("CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String name = "t" + t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 500; i++) {
                        db.groupCommit().submit(new GroupCommit.Write("INSERT INTO t (v) VALUES (?)", name + ":" + i));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            db.groupCommit().flush();
            List<String> all = rows(db, "t");
            assertThat(all).hasSize(2_000);
            for (int t = 0; t < 4; t++) {
                String prefix = "t" + t + ":";
                assertThat(all.stream().filter(v -> v.startsWith(prefix)).map(v -> Integer.parseInt(v.substring(prefix.length()))))
                        .as("thread %d's writes in the order it submitted them", t).isSorted().hasSize(500);
            }
        }
    }

    @Test
    void aRefusedWriteIsRetriedAndNothingSubmittedAfterItCommitsFirst() throws Exception {
        try (Database db = open("retry")) {
            new Sql(db).update("CREATE TABLE a (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
            db.groupCommit().commit(new GroupCommit.Write("INSERT INTO a (v) VALUES (?)", "first"));
            // "refused" needs a table that does not exist yet: its batch is refused and retried with back-off
            CompletableFuture<Void> refused = db.groupCommit().submitTracked(new GroupCommit.Write("INSERT INTO b (v) VALUES (?)", "refused"));
            CompletableFuture<Void> after = db.groupCommit().submitTracked(new GroupCommit.Write("INSERT INTO a (v) VALUES (?)", "after"));
            Thread.sleep(300);
            assertThat(after).as("not committed before the write submitted ahead of it").isNotDone();
            assertThat(rows(db, "a")).containsExactly("first");
            new Sql(db).update("CREATE TABLE b (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
            after.join();
            assertThat(refused).isDone();
            assertThat(rows(db, "a")).containsExactly("first", "after");
            assertThat(rows(db, "b")).containsExactly("refused");
        }
    }

    @Test
    void closingTheDatabaseCommitsWhatIsQueued() {
        try (Database db = open("close")) {
            new Sql(db).update("CREATE TABLE c (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
            for (int i = 0; i < 1_000; i++) {
                db.groupCommit().submit(new GroupCommit.Write("INSERT INTO c (v) VALUES (?)", "v" + i));
            }
        }
        try (Database db = open("close")) {
            assertThat(rows(db, "c")).hasSize(1_000).startsWith("v0", "v1").endsWith("v999");
        }
    }
}
