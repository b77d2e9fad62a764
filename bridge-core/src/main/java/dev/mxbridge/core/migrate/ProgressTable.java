package dev.mxbridge.core.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The target's record of a run in progress, one row per table: rows copied, the primary key of the last row copied
 * (in the source's order, as text) and whether the table verified. Written in the same transaction as each batch,
 * so it never claims a row the target does not hold.
 */
final class ProgressTable {
    static final String NAME = "mxbridge_migration";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One table's progress; {@code lastKey} is empty before the first batch. */
    record State(long copied, List<String> lastKey, boolean done) {
        static final State NONE = new State(0, List.of(), false);
    }

    private ProgressTable() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + NAME + " (tbl VARCHAR(255) NOT NULL PRIMARY KEY, "
                    + "copied BIGINT NOT NULL, last_key VARCHAR(8000) NOT NULL, done BOOLEAN NOT NULL)");
        }
    }

    static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + NAME);
        }
    }

    static Optional<State> read(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT copied, last_key, done FROM " + NAME + " WHERE tbl = ?")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                List<String> key = new ArrayList<>();
                JSON.readTree(r.getString(2)).forEach(v -> key.add(v.asString()));
                return Optional.of(new State(r.getLong(1), List.copyOf(key), r.getBoolean(3)));
            }
        }
    }

    static void write(Connection c, String table, State state) throws SQLException {
        ArrayNode key = JSON.createArrayNode();
        state.lastKey().forEach(key::add);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + NAME + " WHERE tbl = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + NAME + " (tbl, copied, last_key, done) VALUES (?, ?, ?, ?)")) {
            delete.setString(1, table);
            delete.executeUpdate();
            insert.setString(1, table);
            insert.setLong(2, state.copied());
            insert.setString(3, JSON.writeValueAsString((JsonNode) key));
            insert.setBoolean(4, state.done());
            insert.executeUpdate();
        }
    }
}
