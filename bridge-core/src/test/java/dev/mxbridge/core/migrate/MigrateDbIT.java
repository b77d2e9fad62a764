package dev.mxbridge.core.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate-db} from the embedded H2 to a real PostgreSQL: a database with the rows a bridge writes (journal,
 * event ids, rooms and links, ghosts, sealed logins, the message map, the key-value store, the remote inbox) arrives
 * whole, verified, in batches; an interrupted run resumes; a database a bridge holds is refused.
 */
class MigrateDbIT {
    static final int ROWS = 1_500; // message map and event ids: 15 batches of 100

    @RegisterExtension
    static PostgresServer postgres = PostgresServer.start();

    @TempDir
    static Path dir;

    static BridgeConfig.Database h2;

    @BeforeAll
    static void fillH2LikeABridge() throws SQLException {
        h2 = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath(), "sa", "", 2);
        try (Database db = Database.open(h2)) {
            db.inTransaction(MigrateDbIT::fill);
        }
    }

    @BeforeEach
    void emptyTarget() throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }

    private static BridgeConfig.Database target() {
        return new BridgeConfig.Database(postgres.jdbcUrl(), postgres.user(), postgres.password(), 2);
    }

    @Test
    void theCommandCopiesEveryTableToPostgresWithProgressAndTheBridgeOpensIt() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                homeserver: {url: 'http://127.0.0.1:1', domain: localhost}
                database: {url: '%s', user: sa}
                """.formatted(h2.url()));
        String out = cli("migrate-db", "-c", config.toString(), "--to", postgres.jdbcUrl(), "--to-user", postgres.user(),
                "--batch-size", "100");

        assertThat(out).contains("as_event_ids", "[##########] 1,500/1,500", "message_map      verified: 1,500 rows",
                "copied and verified 14 tables");
        assertThat(contents(target())).as("every row of every table").isEqualTo(contents(h2));
        try (Database pg = Database.open(target())) {
            assertThat(DatabaseMigration.tables(pg)).as("no progress table left behind").doesNotContain("mxbridge_migration")
                    .contains("journal", "as_event_ids", "room_link", "ghost", "user_login", "message_map", "kv", "remote_inbox");
        }
    }

    @Test
    void withProgressBarEachTableGetsTheLibrarysBarAndItsVerificationLine() throws Exception {
        Path config = dir.resolve("bar.yaml");
        Files.writeString(config, """
                homeserver: {url: 'http://127.0.0.1:1', domain: localhost}
                database: {url: '%s', user: sa}
                """.formatted(h2.url()));
        String out = cli("migrate-db", "-c", config.toString(), "--to", postgres.jdbcUrl(), "--to-user", postgres.user(),
                "--batch-size", "100", "--progress", "bar");

        assertThat(out).as("progressbar's ASCII style: percentage, bar, rows done of the total")
                .containsPattern("message_map +100% \\[=+\\] 1500/1500 rows")
                .contains("message_map      verified: 1,500 rows", "copied and verified 14 tables")
                .doesNotContain("[##########]");
    }

    @Test
    void aDatabaseMovedToPostgresComesBackToH2Whole() {
        DatabaseMigration.from(h2).to(target()).batchSize(250).run();
        BridgeConfig.Database back = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("back").toAbsolutePath(), "sa", "", 2);

        assertThat(DatabaseMigration.from(target()).to(back).batchSize(250).run()).hasSize(14);
        assertThat(contents(back)).isEqualTo(contents(h2));
    }

    @Test
    void anInterruptedRunResumesAfterTheLastCommittedBatch() {
        List<String> batches = new ArrayList<>();
        DatabaseMigration.Listener crashing = new DatabaseMigration.Listener() {
            @Override
            public void batchCopied(String table, long copied, long total) {
                batches.add(table + " " + copied);
                if (table.equals("journal") && copied == 200) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThatThrownBy(() -> DatabaseMigration.from(h2).to(target()).batchSize(100).listener(crashing).run())
                .hasMessage("killed");
        assertThat(batches).contains("as_event_ids 1500", "journal 200");

        List<String> resumed = new ArrayList<>();
        List<String> started = new ArrayList<>();
        DatabaseMigration.from(h2).to(target()).batchSize(100).listener(new DatabaseMigration.Listener() {
            @Override
            public void tableStarted(String table, long copied, long total) {
                started.add(table + " " + copied + "/" + total);
            }

            @Override
            public void batchCopied(String table, long copied, long total) {
                resumed.add(table + " " + copied);
            }
        }).run();

        assertThat(started).contains("as_event_ids 1500/1500", "journal 200/300");
        assertThat(resumed).as("finished tables are not copied again; journal goes on after 200")
                .noneMatch(b -> b.startsWith("as_event_ids")).contains("journal 300").doesNotContain("journal 100", "journal 200");
        assertThat(contents(target())).isEqualTo(contents(h2));
    }

    @Test
    void aCopiedRowThatDiffersFromTheSourceFailsVerification() {
        DatabaseMigration.Listener stopInJournal = new DatabaseMigration.Listener() {
            @Override
            public void batchCopied(String table, long copied, long total) {
                if (table.equals("journal") && copied == 100) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThatThrownBy(() -> DatabaseMigration.from(h2).to(target()).batchSize(100).listener(stopInJournal).run())
                .hasMessage("killed");
        try (Database pg = Database.open(target())) {
            pg.withConnection(c -> c.createStatement().executeUpdate("UPDATE journal SET attempts = attempts + 1 WHERE seq = 10001"));
        }

        assertThatThrownBy(() -> DatabaseMigration.from(h2).to(target()).batchSize(100).run())
                .isInstanceOf(MigrationException.class).hasMessageContaining("table journal did not verify: source 300 rows")
                .hasMessageContaining("target 300 rows");
    }

    @Test
    void aDatabaseARunningBridgeHoldsIsRefused() {
        try (Database running = Database.open(h2)) {
            assertThatThrownBy(() -> DatabaseMigration.from(h2).to(target()).run())
                    .isInstanceOf(MigrationException.class).hasMessageContaining("in use").hasMessageContaining("stop the bridge");
            assertThat(running.isHealthy()).isTrue();
        }
    }

    @Test
    void aTargetWithRowsOfItsOwnIsRefused() {
        try (Database pg = Database.open(target())) {
            pg.withConnection(c -> c.createStatement().executeUpdate("INSERT INTO kv (ns, k, v) VALUES ('x', 'y', 'z')"));
        }
        assertThatThrownBy(() -> DatabaseMigration.from(h2).to(target()).run())
                .isInstanceOf(MigrationException.class).hasMessageContaining("kv already holds 1 rows");
    }

    @Test
    void aDryRunListsTheTablesAndWritesNothing() throws Exception {
        Path config = dir.resolve("dry.yaml");
        Files.writeString(config, """
                homeserver: {url: 'http://127.0.0.1:1', domain: localhost}
                database: {url: '%s', user: sa}
                """.formatted(h2.url()));
        String out = cli("migrate-db", "-c", config.toString(), "--to", postgres.jdbcUrl(), "--to-user", postgres.user(), "--dry-run");

        assertThat(out).contains("message_map             1,500 rows", "dry run: would copy", "nothing written");
        try (Connection c = postgres.connect(); ResultSet r = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            assertThat(r.next()).as("no table in the target").isFalse();
        }
    }

    private static String cli(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BridgeCli.run("example", args, config -> {
                throw new AssertionError("not started");
            });
        } finally {
            System.setOut(previous);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(code).as(out).isZero();
        return out;
    }

    /** Every table's rows as sorted text: equal for equal databases on any engine. */
    private static Map<String, List<String>> contents(BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            Map<String, List<String>> tables = new TreeMap<>();
            for (String table : DatabaseMigration.tables(db)) {
                tables.put(table, db.withConnection(c -> {
                    List<String> rows = new ArrayList<>();
                    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                        int n = r.getMetaData().getColumnCount();
                        while (r.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= n; i++) {
                                Object v = r.getObject(i);
                                row.append(r.getMetaData().getColumnName(i).toLowerCase()).append('=')
                                        .append(v instanceof Number num ? num.longValue() : v).append(' ');
                            }
                            rows.add(row.toString());
                        }
                    }
                    rows.sort(null);
                    return rows;
                }));
            }
            return tables;
        }
    }

    private static Void fill(Connection c) throws SQLException {
        long now = 1_765_000_000_000L;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO as_txn VALUES (?, ?, ?)")) {
            for (int i = 0; i < 120; i++) {
                p.setString(1, "txn" + i);
                p.setLong(2, now + i);
                p.setInt(3, i % 7 + 1);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 300; i++) {
                String room = "!room" + (i % 9) + ":example.org";
                p.setLong(1, 10_000 + i);
                p.setString(2, "txn" + i / 3);
                p.setString(3, i % 50 == 0 ? "" : room);
                p.setBoolean(4, i % 50 == 0);
                p.setLong(5, now + i);
                p.setString(6, "{\"type\":\"m.room.message\",\"room_id\":\"" + room + "\",\"event_id\":\"$e" + i
                        + "\",\"content\":{\"body\":\"héllo wörld ✓ 🎉 " + i + "\"}}");
                p.setShort(7, (short) (i % 20 == 0 ? 2 : 0));
                p.setInt(8, i % 20 == 0 ? 5 : 0);
                p.setString(9, i % 20 == 0 ? "remote said no: " + "x".repeat(3000) : null);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO as_event_ids VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                long first = i < 100 ? -1000 + i : 10_000 + i * 3L;
                p.setLong(1, first);
                p.setLong(2, i < 100 ? first : first + 2);
                p.setLong(3, now + i);
                p.setString(4, "$" + Integer.toHexString(i * 7919) + "_EvEnT:example.org"
                        + (i < 100 ? "" : "\n$" + i + "b\n$" + i + "c"));
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement room = c.prepareStatement("INSERT INTO bridged_room VALUES (?, ?, ?, ?, ?)");
             PreparedStatement link = c.prepareStatement("INSERT INTO room_link VALUES (?, ?, ?, ?)");
             PreparedStatement position = c.prepareStatement("INSERT INTO room_position VALUES (?, ?, ?, ?)");
             PreparedStatement state = c.prepareStatement("INSERT INTO room_state VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 40; i++) {
                String id = "!room" + i + ":example.org";
                room.setString(1, id);
                room.setString(2, i % 4 == 0 ? "plumbed" : "portal");
                room.setString(3, i % 4 == 0 ? null : "#_irc_chan" + i + ":example.org");
                room.setString(4, i % 5 == 0 ? "@relay:example.org" : null);
                room.setLong(5, now - i);
                room.addBatch();
                link.setString(1, id);
                link.setString(2, i % 3 == 0 ? "dm\u001f@alice:example.org" : "#chan" + i);
                link.setString(3, "@admin:example.org");
                link.setLong(4, now);
                link.addBatch();
                position.setString(1, id);
                position.setString(2, "$last" + i);
                position.setString(3, i % 2 == 0 ? "@_irc_bot:example.org" : null);
                position.setLong(4, now);
                position.addBatch();
                state.setString(1, id);
                state.setString(2, i % 2 == 0 ? "m.room.member" : "m.room.power_levels");
                state.setString(3, i % 2 == 0 ? "@ünï" + i + ":example.org" : "");
                state.setString(4, "{\"membership\":\"join\",\"displayname\":\"Ñame " + i + "\"}");
                state.addBatch();
            }
            room.executeBatch();
            link.executeBatch();
            position.executeBatch();
            state.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ghost VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 200; i++) {
                p.setString(1, "nick" + i);
                p.setString(2, "@_irc_nick" + i + ":example.org");
                p.setString(3, i % 3 == 0 ? null : "Nick Ñame " + i);
                p.setString(4, i % 2 == 0 ? "mxc://example.org/avatar" + i : null);
                p.setBoolean(5, i % 7 != 0);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement login = c.prepareStatement("INSERT INTO user_login VALUES (?, ?, ?, ?, ?)");
             PreparedStatement puppet = c.prepareStatement("INSERT INTO double_puppet VALUES (?, ?, ?)")) {
            for (int i = 0; i < 25; i++) {
                login.setString(1, "@user" + i + ":example.org");
                login.setString(2, "default");
                login.setString(3, "nick" + i);
                login.setString(4, "v1:" + "AbCdEf0123456789+/=".repeat(20));
                login.setLong(5, now);
                login.addBatch();
                puppet.setString(1, "@user" + i + ":example.org");
                puppet.setString(2, "v1:sealed-token-" + i);
                puppet.setLong(3, now);
                puppet.addBatch();
            }
            login.executeBatch();
            puppet.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO message_map VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                p.setString(1, "!room" + (i % 40) + ":example.org");
                p.setString(2, "$Ev" + i + (i % 2 == 0 ? "a" : "B"));
                p.setString(3, "#chan" + (i % 40));
                p.setString(4, "msg-" + i);
                p.setInt(5, i % 3);
                p.setString(6, "@user" + (i % 25) + ":example.org");
                p.setLong(7, now + i);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
            for (int i = 0; i < 60; i++) {
                p.setString(1, i % 2 == 0 ? "irc.seen" : "Slack Cursor");
                p.setString(2, "key " + i);
                p.setString(3, "{\"position\":" + i + ",\"text\":\"ünïcödé\"}");
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement inbox = c.prepareStatement("INSERT INTO remote_inbox VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement key = c.prepareStatement("INSERT INTO remote_key VALUES (?, ?)")) {
            for (int i = 0; i < 50; i++) {
                inbox.setLong(1, i + 1);
                inbox.setString(2, "#chan" + i % 5);
                inbox.setString(3, "{\"type\":\"message\",\"text\":\"from irc " + i + "\"}");
                inbox.setShort(4, (short) (i % 10 == 0 ? 2 : 0));
                inbox.setInt(5, i % 10 == 0 ? 3 : 0);
                inbox.setString(6, i % 10 == 0 ? "bridging failed" : null);
                inbox.setLong(7, now + i);
                inbox.addBatch();
                key.setString(1, "Ev" + i);
                key.setLong(2, now + i);
                key.addBatch();
            }
            inbox.executeBatch();
            key.executeBatch();
        }
        return null;
    }
}
