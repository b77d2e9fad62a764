package dev.mxbridge.core.store;

import dev.mxbridge.core.network.KeyValueStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** The {@link KeyValueStore} in the bridge's database (table {@code kv}). */
public final class JdbcKeyValueStore implements KeyValueStore {
    private final Database db;

    public JdbcKeyValueStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE ns = ? AND k = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String namespace, String key, String value) {
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE kv SET v = ? WHERE ns = ? AND k = ?")) {
                update.setString(1, value);
                update.setString(2, namespace);
                update.setString(3, key);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv (ns, k, v) VALUES (?, ?, ?)")) {
                        insert.setString(1, namespace);
                        insert.setString(2, key);
                        insert.setString(3, value);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean delete(String namespace, String key) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kv WHERE ns = ? AND k = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
