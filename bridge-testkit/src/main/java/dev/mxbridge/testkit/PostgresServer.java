package dev.mxbridge.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL with a fresh, empty database for each test class, as a JUnit 5 extension on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static PostgresServer pg = PostgresServer.start();
 *
 * @Test
 * void stores() throws SQLException {
 *     try (Connection c = pg.connect()) { ... }       // or any pool with pg.jdbcUrl(), pg.user(), pg.password()
 * }
 * }</pre>
 *
 * <p>The server is the test kit's own cluster under {@code build/postgres} (PostgreSQL is installed from Debian
 * packages if missing), listening on 127.0.0.1 with trust authentication. It starts before the first test class
 * that needs it and stops when the JVM's test run ends, so every class of the run shares it. Before the class's tests
 * a database with a unique name is created; after them it is dropped.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresServer.class);

    private Optional<String> ownerContext = Optional.empty();
    private Optional<PostgresCluster> cluster = Optional.empty();
    private Optional<String> database = Optional.empty();

    private PostgresServer() {
    }

    /** The extension; the server starts, if it does not run yet, before the test class's first test. */
    public static PostgresServer start() {
        return new PostgresServer();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (ownerContext.isPresent()) {
            return; // a @Nested class shares the enclosing class's database
        }
        PostgresCluster shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresCluster.class,
                key -> PostgresCluster.start(Scripts.fromSystemProperties()), PostgresCluster.class);
        String name = databaseName(context.getRequiredTestClass().getSimpleName());
        shared.createDatabase(name);
        ownerContext = Optional.of(context.getUniqueId());
        cluster = Optional.of(shared);
        database = Optional.of(name);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (ownerContext.filter(context.getUniqueId()::equals).isEmpty()) {
            return;
        }
        try {
            cluster.orElseThrow().dropDatabase(database.orElseThrow());
        } finally {
            ownerContext = Optional.empty();
            cluster = Optional.empty();
            database = Optional.empty();
        }
    }

    /** The JDBC URL of this test class's database, e.g. {@code jdbc:postgresql://127.0.0.1:23456/mxb_storeit_1a2b}. */
    public String jdbcUrl() {
        return cluster().jdbcUrl(databaseName());
    }

    /** A superuser of the server. */
    public String user() {
        return cluster().user();
    }

    /** The user's password (trust authentication accepts any). */
    public String password() {
        return cluster().password();
    }

    /** The name of this test class's database. */
    public synchronized String databaseName() {
        return database.orElseThrow(PostgresServer::notStarted);
    }

    /** A new connection to this test class's database; the caller closes it. */
    public Connection connect() {
        try {
            return DriverManager.getConnection(jdbcUrl(), user(), password());
        } catch (SQLException e) {
            throw new TestKitException("could not connect to " + jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + database.orElse("not started") + "]";
    }

    static String databaseName(String testClass) {
        String base = testClass.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        base = base.substring(0, Math.min(base.length(), 40));
        int suffix = ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE);
        return "mxb_" + base + "_" + Integer.toHexString(suffix);
    }

    private synchronized PostgresCluster cluster() {
        return cluster.orElseThrow(PostgresServer::notStarted);
    }

    private static TestKitException notStarted() {
        return new TestKitException("PostgresServer is not started: register it with @RegisterExtension on a static"
                + " field; it serves during the test class");
    }
}
