package dev.mxbridge.core.migrate;

import dev.mxbridge.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One table's copy: batches in primary-key order after the last key the progress table holds, then the check that
 * both sides hold the same rows (count, and a checksum that does not depend on row order: the engines' collations
 * order text differently).
 */
final class TableCopy {
    private final Database from;
    private final Database to;
    private final String table;
    private final int batchSize;
    private final DatabaseMigration.Listener listener;

    TableCopy(Database from, Database to, String table, int batchSize, DatabaseMigration.Listener listener) {
        this.from = from;
        this.to = to;
        this.table = table;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    /** A column: its name (lower case) and JDBC type. */
    record Column(String name, int type) {
        boolean integral() {
            return type == Types.BIGINT || type == Types.INTEGER || type == Types.SMALLINT || type == Types.TINYINT;
        }
    }

    void run() {
        List<Column> columns = from.withConnection(c -> columns(c, from.dialect()));
        List<Integer> key = from.withConnection(c -> primaryKey(c, from.dialect(), columns));
        long total = from.withConnection(c -> count(c, table));
        ProgressTable.State state = to.withConnection(c -> ProgressTable.read(c, table)).orElse(null);
        if (state == null) {
            long existing = to.withConnection(c -> count(c, table));
            if (existing > 0) {
                throw new MigrationException("the target's table " + table + " already holds " + existing
                        + " rows and no migration progress: migrate into an empty database");
            }
            state = ProgressTable.State.NONE;
        }
        listener.tableStarted(table, state.copied(), total);
        while (!state.done()) {
            ProgressTable.State before = state;
            List<Object[]> rows = from.withConnection(c -> batch(c, columns, key, before.lastKey()));
            if (rows.isEmpty()) {
                break;
            }
            Object[] last = rows.getLast();
            List<String> lastKey = key.stream().map(i -> String.valueOf(last[i])).toList();
            ProgressTable.State next = new ProgressTable.State(before.copied() + rows.size(), lastKey, false);
            to.inTransaction(c -> {
                insert(c, columns, rows);
                ProgressTable.write(c, table, next);
                return null;
            });
            state = next;
            listener.batchCopied(table, state.copied(), total);
        }
        long sourceRows = from.withConnection(c -> count(c, table));
        long targetRows = to.withConnection(c -> count(c, table));
        String sourceSum = from.inTransaction(c -> checksum(c, columns));
        String targetSum = to.inTransaction(c -> checksum(c, columns));
        if (sourceRows != targetRows || !sourceSum.equals(targetSum)) {
            throw new MigrationException("table " + table + " did not verify: source " + sourceRows + " rows, checksum "
                    + sourceSum + "; target " + targetRows + " rows, checksum " + targetSum);
        }
        ProgressTable.State done = new ProgressTable.State(targetRows, state.lastKey(), true);
        to.withConnection(c -> {
            ProgressTable.write(c, table, done);
            return null;
        });
        listener.tableVerified(table, targetRows, sourceSum);
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Rows the target's table holds already (0 if it does not exist yet). */
    static long existingRows(Connection c, String table) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                if (r.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return count(c, table);
                }
            }
        }
        return 0;
    }

    private List<Column> columns(Connection c, Database.Dialect dialect) throws SQLException {
        Map<Integer, Column> byPosition = new TreeMap<>();
        try (ResultSet r = c.getMetaData().getColumns(null, schema(dialect), name(dialect), "%")) {
            while (r.next()) {
                byPosition.put(r.getInt("ORDINAL_POSITION"),
                        new Column(r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), r.getInt("DATA_TYPE")));
            }
        }
        return List.copyOf(byPosition.values());
    }

    /** The primary key's columns, as indexes into {@code columns}, in key order. */
    private List<Integer> primaryKey(Connection c, Database.Dialect dialect, List<Column> columns) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<Integer, Integer> bySeq = new TreeMap<>();
        try (ResultSet r = meta.getPrimaryKeys(null, schema(dialect), name(dialect))) {
            while (r.next()) {
                String column = r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).name().equals(column)) {
                        bySeq.put(r.getInt("KEY_SEQ"), i);
                    }
                }
            }
        }
        if (bySeq.isEmpty()) {
            throw new MigrationException("table " + table + " has no primary key: it cannot be copied in batches");
        }
        return List.copyOf(bySeq.values());
    }

    private List<Object[]> batch(Connection c, List<Column> columns, List<Integer> key, List<String> after) throws SQLException {
        String keyColumns = String.join(", ", key.stream().map(i -> columns.get(i).name()).toList());
        String sql = "SELECT " + names(columns) + " FROM " + table
                + (after.isEmpty() ? "" : " WHERE (" + keyColumns + ") > (" + String.join(", ", Collections.nCopies(key.size(), "?")) + ")")
                + " ORDER BY " + keyColumns + " LIMIT " + batchSize;
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int k = 0; k < after.size(); k++) {
                Column column = columns.get(key.get(k));
                if (column.integral()) {
                    p.setLong(k + 1, Long.parseLong(after.get(k)));
                } else {
                    p.setString(k + 1, after.get(k));
                }
            }
            List<Object[]> rows = new ArrayList<>(batchSize);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private void insert(Connection c, List<Column> columns, List<Object[]> rows) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + names(columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    p.setObject(i + 1, row[i], columns.get(i).type());
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The sum of every row's SHA-256 (first 8 bytes), as hex: equal for equal rows in any order. */
    private String checksum(Connection c, List<Column> columns) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long sum = 0;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(batchSize);
            try (ResultSet r = s.executeQuery("SELECT " + names(columns) + " FROM " + table)) {
                while (r.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        sha.update(canonical(r.getObject(i + 1)).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    }
                    byte[] digest = sha.digest();
                    long head = 0;
                    for (int b = 0; b < 8; b++) {
                        head = (head << 8) | (digest[b] & 0xff);
                    }
                    sum += head;
                }
            }
        }
        return HexFormat.of().toHexDigits(sum);
    }

    /** A value as text the same on both engines (H2 and PostgreSQL return different boxes for the same column). */
    private static String canonical(Object value) {
        return switch (value) {
            case null -> "\u0001null";
            case Boolean b -> "b:" + b;
            case Number n -> "n:" + n.longValue();
            default -> "s:" + value;
        };
    }

    private static String names(List<Column> columns) {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    private static String schema(Database.Dialect dialect) {
        return dialect == Database.Dialect.H2 ? "PUBLIC" : "public";
    }

    private String name(Database.Dialect dialect) {
        return dialect == Database.Dialect.H2 ? table.toUpperCase(Locale.ROOT) : table;
    }
}
