package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What both PostgreSQL test classes check; two classes, so that each gets its own database. */
final class PostgresProbe {
    private PostgresProbe() {
    }

    /** Works against a database that no other class has touched, and leaves a mark a sharing class would see. */
    static void checkFreshDatabase(PostgresServer pg) throws SQLException {
        try (Connection connection = pg.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo(pg.databaseName());
            }
            try (ResultSet rs = statement.executeQuery("select count(*) from pg_tables where tablename = 'probe'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("a fresh database has no probe table yet").isZero();
            }
            statement.execute("create table probe (id int primary key)");
        }
        assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/" + pg.databaseName());
    }
}
