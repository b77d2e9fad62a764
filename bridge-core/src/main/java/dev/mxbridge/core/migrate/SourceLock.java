package dev.mxbridge.core.migrate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Whether a running bridge holds a database. An embedded H2 file is locked by the process that has it open (H2
 * locks the {@code .mv.db} file), so a lock we cannot take means a bridge, in this process or another, has it. A
 * PostgreSQL database is in use while other sessions are connected to it, for longer than {@link #SESSIONS_SETTLE}:
 * the server process of a connection just closed (a bridge just stopped) stays in {@code pg_stat_activity} for a
 * moment after its client has gone.
 */
final class SourceLock {
    static final java.time.Duration SESSIONS_SETTLE = java.time.Duration.ofSeconds(3);

    private SourceLock() {
    }

    static void requireFree(String url, String user, String password, String role) {
        if (url.startsWith("jdbc:h2:")) {
            h2File(url).ifPresent(file -> requireFreeFile(file, role));
        } else if (url.startsWith("jdbc:postgresql:")) {
            int others = otherSessions(url, user, password);
            long deadline = System.nanoTime() + SESSIONS_SETTLE.toNanos();
            while (others > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                others = otherSessions(url, user, password);
            }
            if (others > 0) {
                throw new MigrationException("the " + role + " database has " + others + " other session(s) connected "
                        + "(pg_stat_activity): stop the bridge using it first");
            }
        }
    }

    /** The {@code .mv.db} file of an H2 file URL; none for in-memory and server URLs. */
    static java.util.Optional<Path> h2File(String url) {
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        rest = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
            return java.util.Optional.empty();
        }
        rest = lower.startsWith("file:") ? rest.substring("file:".length()) : rest;
        rest = rest.startsWith("~") ? System.getProperty("user.home") + rest.substring(1) : rest;
        return java.util.Optional.of(Path.of(rest + ".mv.db").toAbsolutePath());
    }

    private static void requireFreeFile(Path file, String role) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw held(file, role);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw held(file, role);
        } catch (IOException e) {
            throw new MigrationException("cannot open the " + role + " database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static MigrationException held(Path file, String role) {
        return new MigrationException("the " + role + " database " + file + " is in use (a running bridge holds its "
                + "lock): stop the bridge first");
    }

    private static int otherSessions(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }
}
