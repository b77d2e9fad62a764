package dev.mxbridge.testkit;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerIT {
    @RegisterExtension
    static PostgresServer pg = PostgresServer.start();

    @Test
    void givesAFreshWorkingDatabase() throws SQLException {
        PostgresProbe.checkFreshDatabase(pg);
    }
}
