package dev.mxbridge.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The running PostgreSQL cluster, one per JVM. Closing it tells the script this JVM is done; the script stops the
 * server when no other live JVM uses it.
 */
final class PostgresCluster implements AutoCloseable {
    private static final String SCRIPT = "postgres.sh";

    private final Scripts scripts;
    private final String client = Long.toString(ProcessHandle.current().pid());
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private PostgresCluster(Scripts scripts, Map<String, String> info) {
        this.scripts = scripts;
        this.host = Scripts.require(info, "host", SCRIPT);
        this.port = Integer.parseInt(Scripts.require(info, "port", SCRIPT));
        this.user = Scripts.require(info, "user", SCRIPT);
        this.password = Scripts.require(info, "password", SCRIPT);
    }

    static PostgresCluster start(Scripts scripts) {
        String client = Long.toString(ProcessHandle.current().pid());
        return new PostgresCluster(scripts,
                scripts.run(SCRIPT, Duration.ofMinutes(15), "start", "--client", client));
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    void createDatabase(String name) {
        execute("CREATE DATABASE " + name);
    }

    /** Drops it even if the code under test left connections open. */
    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), properties);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new TestKitException(sql + " failed on " + jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scripts.run(SCRIPT, Duration.ofMinutes(2), "stop", "--client", client);
    }
}
