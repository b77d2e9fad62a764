package dev.mxbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the load drivers share around a run: progress notes, the load average, waiting for arrivals, PostgreSQL, ports,
 * the heap, JVMs of their own, CPU time and work directories.
 */
final class Runs {
    private Runs() {
    }

    /** A progress line on stderr (stdout carries the table). */
    static void note(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    /** The 1, 5 and 15 minute load averages, space-separated. */
    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** Waits until {@code counter} reaches {@code count}, or 60 s without progress. */
    static void awaitCount(Callable<Integer> counter, int count) throws Exception {
        int seen = -1;
        long stalledSince = System.nanoTime();
        while (true) {
            int now = counter.call();
            if (now >= count) {
                return;
            }
            if (now != seen) {
                seen = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException("only " + now + " of " + count + " messages arrived; none for 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code sql} on the {@code postgres} database of the server at {@code hostPort} as user mxbridge. */
    static void postgresAdmin(String hostPort, String sql) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", "mxbridge", "mxbridge");
             var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A free port on the loopback interface, for a server the run starts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's heap in use after two full GCs, in bytes. */
    static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The command line that runs {@code mainClass} with {@code args} in a JVM of its own: this JVM's {@code java} and
     * class path, and {@code jvmOpts} (space-separated). The list is mutable, for options added after.
     */
    static List<String> javaCommand(String jvmOpts, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.stream(jvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** CPU time this JVM has used, in seconds. */
    static double ownCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** Deletes a run's work directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A run's body, given its work directory and its database's JDBC URL ({@code null}: H2 in the work directory). */
    @FunctionalInterface
    interface Scratch {
        void run(Path work, String dbUrl) throws Exception;
    }

    /**
     * Runs {@code body} in a new work directory named from {@code prefix} and, with {@code postgres} ({@code host:port},
     * or {@code null} for H2), in a new PostgreSQL database {@code database}: the database is dropped afterwards, the
     * directory deleted when the run succeeded and kept, with the bridge's log, when it failed.
     */
    static void inScratch(String prefix, String postgres, String database, Scratch body) throws Exception {
        Path work = Files.createTempDirectory(prefix);
        String dbUrl = null;
        if (postgres != null) {
            postgresAdmin(postgres, "CREATE DATABASE " + database);
            dbUrl = "jdbc:postgresql://" + postgres + "/" + database;
        }
        boolean ok = false;
        try {
            body.run(work, dbUrl);
            ok = true;
        } finally {
            if (postgres != null) {
                postgresAdmin(postgres, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            if (ok) {
                deleteTree(work);
            } else {
                note("bridge log kept in %s", work.resolve("bridge.log"));
            }
        }
    }
}
