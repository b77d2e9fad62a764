package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerSecondClassIT {
    @RegisterExtension
    static PostgresServer pg = PostgresServer.start();

    private static String database;

    @BeforeAll
    static void recordDatabase() {
        database = pg.databaseName();
    }

    @Nested
    class NestedClass {
        @Test
        void sharesTheEnclosingClassesDatabase() {
            assertThat(pg.databaseName()).isEqualTo(database);
        }
    }

    @Test
    void givesThisClassItsOwnDatabase() throws SQLException {
        PostgresProbe.checkFreshDatabase(pg);
    }

    @Test
    void acceptsThePlainJdbcTriple() throws SQLException {
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }
}
