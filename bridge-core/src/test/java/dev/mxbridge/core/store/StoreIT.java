package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.network.KeyValueStore;
import dev.mxbridge.core.journal.JournalEntry;
import dev.mxbridge.testkit.PostgresServer;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The store's contract, run on the embedded H2 and on a real PostgreSQL. */
class StoreIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static PostgresServer postgres = PostgresServer.start();

    @TempDir
    static Path dir;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), "sa", "", 4)),
                Arguments.of("PostgreSQL", new BridgeConfig.Database(postgres.jdbcUrl(), postgres.user(), postgres.password(), 4)));
    }

    private static Journal.NewEntry entry(String room, String body) {
        JsonNode event = JSON.createObjectNode().put("type", "m.room.message").put("room_id", room).put("event_id", "$" + body)
                .set("content", JSON.createObjectNode().put("body", body));
        return new Journal.NewEntry(room, false, event, JSON.writeValueAsString(event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void journalKeepsTransactionsAcrossReopenAndForgetsOnlyCompletedEvents(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            assertThat(db.isHealthy()).isTrue();
            assertThat(Database.upToDate(db.dataSource())).as("Flyway's history read without Flyway").isTrue();
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            Journal.Appended first = journal.append(name + "-t1", List.of(entry("!a:x", "one"), entry("!b:x", "two"), entry("!a:x", "three")));
            assertThat(first.duplicate()).isFalse();
            assertThat(first.entries()).extracting(JournalEntry::seq).isSorted().doesNotHaveDuplicates();
            assertThat(journal.append(name + "-t1", List.of(entry("!a:x", "one"), entry("!b:x", "two"), entry("!a:x", "three")))
                    .duplicate()).as("the same transaction again").isTrue();
            journal.complete(first.entries().get(1).seq());
            journal.fail(first.entries().get(2).seq(), 5, "remote said no: " + "x".repeat(5000));
            journal.close();
        }
        try (Database db = Database.open(config)) {
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            assertThat(journal.append(name + "-t1", List.of()).duplicate()).as("txn id survives a restart").isTrue();
            assertThat(journal.unfinished()).extracting(e -> e.event().path("content").path("body").asString()).containsExactly("one");
            List<Journal.FailedEntry> failed = journal.failed(10);
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.attempts()).isEqualTo(5);
                assertThat(f.reason()).startsWith("remote said no").hasSize(4000);
                assertThat(f.entry().lane()).isEqualTo("!a:x");
            });
            Journal.Appended next = journal.append(name + "-t2", List.of(entry("!a:x", "four")));
            assertThat(next.entries().getFirst().seq()).as("new seqs follow the failed one").isGreaterThan(failed.getFirst().entry().seq());
            journal.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKnownTransactionIdWithEventsNotStoredBeforeStoresThoseAlsoAfterARestart(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            assertThat(journal.append(name + "-r1", List.of(entry("!a:x", name + "-r-one"))).duplicate()).isFalse();
            Journal.Appended grown = journal.append(name + "-r1", List.of(entry("!a:x", name + "-r-one"),
                    entry("!a:x", name + "-r-two"), entry("!b:x", name + "-r-three")));
            assertThat(grown.duplicate()).as("retried with events added").isFalse();
            assertThat(grown.entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .containsExactly(name + "-r-two", name + "-r-three");
            assertThat(grown.entries()).extracting(JournalEntry::txnId).containsOnly(name + "-r1");
            assertThat(journal.append(name + "-r1", List.of(entry("!a:x", name + "-r-one"), entry("!a:x", name + "-r-two"),
                    entry("!b:x", name + "-r-three"))).duplicate()).as("and then the same again").isTrue();
            journal.close();
        }
        try (Database db = Database.open(config)) {
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            Journal.Appended afterRestart = journal.append(name + "-r1", List.of(entry("!a:x", name + "-r-one"),
                    entry("!b:x", name + "-r-three"), entry("!b:x", name + "-r-four")));
            assertThat(afterRestart.entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .containsExactly(name + "-r-four");
            assertThat(journal.unfinished()).extracting(e -> e.event().path("content").path("body").asString())
                    .filteredOn(body -> body.startsWith(name + "-r-"))
                    .containsExactly(name + "-r-one", name + "-r-two", name + "-r-three", name + "-r-four");
            journal.unfinished().stream() // the database is the other tests' too
                    .filter(e -> e.event().path("content").path("body").asString().startsWith(name + "-r-"))
                    .forEach(e -> journal.complete(e.seq()));
            journal.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventIdStoredOnceIsLeftOutOfLaterTransactionsAndRoomPositionsAreKept(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            Journal.Appended first = journal.append(name + "-d1", List.of(entry("!a:x", name + "-d-one"),
                    entry("!a:x", name + "-d-one"), entry("!a:x", name + "-d-two")));
            assertThat(first.entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .as("a second copy within the transaction is left out").containsExactly(name + "-d-one", name + "-d-two");
            assertThat(first.known()).isEqualTo(1);
            Journal.Appended second = journal.append(name + "-d2", List.of(entry("!a:x", name + "-d-two"),
                    entry("!a:x", name + "-d-three")));
            assertThat(second.duplicate()).as("a new transaction").isFalse();
            assertThat(second.entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .containsExactly(name + "-d-three");
            Journal.Appended allKnown = journal.append(name + "-d3", List.of(entry("!a:x", name + "-d-one")));
            assertThat(allKnown.duplicate()).isFalse();
            assertThat(allKnown.entries()).isEmpty();
            assertThat(journal.append(name + "-d3", List.of()).duplicate()).as("its id is still remembered").isTrue();
            Journal reopened = Journal.jdbc(db, Duration.ofDays(1));
            assertThat(reopened.append(name + "-d4", List.of(entry("!a:x", name + "-d-two"), entry("!a:x", name + "-d-five")))
                    .entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .as("ids are remembered across a restart").containsExactly(name + "-d-five");

            journal.savePositions(List.of(new Journal.RoomPosition("!a:x", "$" + name + "-d-three", Optional.of("@_b:x"), 1_000),
                    new Journal.RoomPosition("!old:x", "$old", Optional.empty(), 10)));
            journal.savePositions(List.of(new Journal.RoomPosition("!a:x", "$" + name + "-d-four", Optional.empty(), 2_000)));
            journal.flush();
            assertThat(journal.positions(100, 10)).containsExactly(
                    new Journal.RoomPosition("!a:x", "$" + name + "-d-four", Optional.empty(), 2_000));
            journal.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theIdsOfATransactionLargerThanOneRowOfIdsAreAllRememberedAcrossARestart(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            List<Journal.NewEntry> big = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                big.add(entry("!big:x", name + "-big-" + i));
            }
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            List<JournalEntry> stored = new ArrayList<>(journal.append(name + "-big", big).entries());
            assertThat(stored).hasSize(2_500);
            Journal.NewEntry lineFeed = entry("!big:x", name + "-line\nfeed");
            stored.addAll(journal.append(name + "-lf1", List.of(lineFeed)).entries());
            assertThat(stored).hasSize(2_501);
            assertThat(journal.append(name + "-lf2", List.of(lineFeed)).entries())
                    .as("an id with a line feed is recognised while the process runs").isEmpty();
            stored.forEach(e -> journal.complete(e.seq())); // the journal's own rows go: only the ids keep the count
            journal.close();

            Journal reopened = Journal.jdbc(db, Duration.ofDays(1));
            List<Journal.NewEntry> again = new ArrayList<>(List.of(big.getFirst(), big.get(999), big.get(1_000), big.getLast()));
            again.add(entry("!big:x", name + "-big-new"));
            assertThat(reopened.append(name + "-big-again", again).entries())
                    .extracting(e -> e.event().path("content").path("body").asString())
                    .as("ids from every row are remembered").containsExactly(name + "-big-new");
            Journal.Appended next = reopened.append(name + "-after", List.of(entry("!big:x", name + "-after")));
            assertThat(next.entries().getFirst().seq()).as("sequence numbers go on above every stored one")
                    .isGreaterThan(stored.getLast().seq());
            reopened.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eventIdsKeptOnePerRowBeforeVersion9AreStillRememberedAfterTheUpgrade(String name, BridgeConfig.Database config)
            throws Exception {
        BridgeConfig.Database fresh = name.equals("H2")
                ? new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("v8").toAbsolutePath(), "sa", "", 2)
                : freshPostgres("mxbridge_v8");
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(fresh.url());
            ds.setUsername(fresh.user());
            ds.setPassword(fresh.password());
            Flyway.configure().dataSource(ds).locations("classpath:dev/mxbridge/core/store/migration")
                    .table("mxbridge_schema_history").target("8").load().migrate();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                long now = System.currentTimeMillis();
                st.executeUpdate("INSERT INTO as_event_id VALUES (-2, '$old-one', " + now + "), (41, '$old-two', " + now + ")");
            }
        }
        try (Database db = Database.open(fresh); Journal journal = Journal.jdbc(db, Duration.ofDays(1))) {
            Journal.Appended appended = journal.append("after-upgrade", List.of(entry("!a:x", "old-one"),
                    entry("!a:x", "old-two"), entry("!a:x", "new-one")));
            assertThat(appended.entries()).extracting(e -> e.event().path("content").path("body").asString())
                    .containsExactly("new-one");
            assertThat(appended.entries().getFirst().seq()).as("above the old rows' sequence numbers").isGreaterThan(41);
        }
        if (!name.equals("H2")) {
            try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP DATABASE mxbridge_v8");
            }
        }
    }

    private static BridgeConfig.Database freshPostgres(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            st.executeUpdate("DROP DATABASE IF EXISTS " + database);
            st.executeUpdate("CREATE DATABASE " + database);
        }
        String url = postgres.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return new BridgeConfig.Database(url, postgres.user(), postgres.password(), 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keyValueStoreSetsReplacesAndDeletes(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            KeyValueStore kv = new JdbcKeyValueStore(db);
            assertThat(kv.get(name, "cursor")).isEmpty();
            kv.put(name, "cursor", "1");
            kv.put(name, "cursor", "2");
            assertThat(kv.get(name, "cursor")).contains("2");
            assertThat(kv.get(name + "-other", "cursor")).isEmpty();
            assertThat(kv.delete(name, "cursor")).isTrue();
            assertThat(kv.delete(name, "cursor")).isFalse();
        }
    }
}
