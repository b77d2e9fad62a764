package dev.mxbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The AS transaction ingest benchmark: starts {@link NoopBridge} as a separate JVM, sends it
 * {@code PUT /_matrix/app/v1/transactions/{txnId}} with {@code --events-per-txn} events each from
 * {@code --in-flight} connections (1 is how Synapse sends), first for {@code --warmup} seconds unrecorded, then for
 * {@code --duration} seconds recorded. Then it checks that every event was stored and handled and that a retried
 * transaction is a no-op, reads the bridge's heap and RSS, stops the bridge, and prints one Markdown table row.
 */
@Command(name = "ingest-load", mixinStandardHelpOptions = true,
        description = "Measures AS transaction ingest of a bridge with a no-op handler and the journal on.")
public final class IngestLoad implements Callable<Integer> {
    private static final double MIB = 1024 * 1024;
    private static final String TABLE_HEADER = "| scenario | in flight | events/s | txn/s | p50 ms | p90 ms | p99 ms | max ms "
            + "| heap peak MiB | heap after GC MiB | RSS peak MiB | RSS after MiB | bridge CPU | PostgreSQL CPU | driver CPU | other CPU |\n"
            + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

    @Option(names = "--label", defaultValue = "", description = "scenario name in the table (default: database)")
    String label;

    @Option(names = "--postgres", description = "host:port of a PostgreSQL server; a fresh database is made there "
            + "for the run and dropped after. Without it: H2 in a temporary directory")
    String postgres;

    @Option(names = "--db-user", defaultValue = "mxbridge")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "mxbridge")
    String dbPassword;

    @Option(names = "--in-flight", defaultValue = "1", description = "transactions in flight (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--events-per-txn", defaultValue = "100")
    int eventsPerTxn;

    @Option(names = "--rooms", defaultValue = "50")
    int rooms;

    @Option(names = "--warmup", defaultValue = "20", description = "seconds of unrecorded load first")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "30", description = "seconds of recorded load")
    int durationSeconds;

    @Option(names = "--bridge-jvm-opts", defaultValue = "-Xmx512m", description = "JVM options of the bridge under test")
    String bridgeJvmOpts;

    @Option(names = "--db-server-pid", description = "pid of the PostgreSQL postmaster, to report its CPU use apart")
    Long dbServerPid;

    @Option(names = "--quiet-wait", defaultValue = "120", description = "seconds to wait at most for the machine to "
            + "be idle (below a quarter core busy) before starting; 0: start at once (default: ${DEFAULT-VALUE})")
    int quietWaitSeconds;

    @Option(names = "--work-dir", description = "where the H2 database and the bridge's log go (default: temp)")
    Path workBase;

    @Option(names = "--table-header", description = "only print the header of the table the rows belong to")
    boolean tableHeader;

    private final String hsToken = UUID.randomUUID().toString();

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        if (inFlight < 1 || eventsPerTxn < 1 || rooms < 1 || durationSeconds < 1 || warmupSeconds < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "counts and durations must be positive");
        }
        if (label.isEmpty()) {
            label = postgres == null ? "H2" : "PostgreSQL";
        }
        awaitQuietMachine();
        Path work = workBase == null ? Files.createTempDirectory("mxbridge-ingest-")
                : Files.createDirectories(workBase).resolve("ingest-" + ProcessHandle.current().pid());
        Files.createDirectories(work);
        String database = "mxbridge_ingest_" + ProcessHandle.current().pid();
        String h2Settings = System.getenv().getOrDefault("MXB_H2_SETTINGS", ""); // e.g. ";PAGE_SIZE=8192" to try one
        String dbUrl = postgres == null ? "jdbc:h2:file:" + work.resolve("bridge").toAbsolutePath() + h2Settings
                : "jdbc:postgresql://" + postgres + "/" + database;
        if (postgres != null) {
            admin("CREATE DATABASE " + database);
        }
        Path log = work.resolve("bridge.log");
        Process bridge = startBridge(dbUrl, log);
        boolean ok = false;
        try {
            String row = measure(bridge, database);
            System.out.println(row);
            ok = true;
        } finally {
            stopBridge(bridge);
            if (postgres != null) {
                try {
                    admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                } catch (SQLException e) {
                    Runs.note("could not drop database %s: %s", database, e.getMessage());
                }
            }
            if (ok) {
                Runs.deleteTree(work);
            } else {
                System.err.println("bridge log kept in " + log);
            }
        }
        return 0;
    }

    private String measure(Process bridge, String database) throws Exception {
        int port = awaitPort(bridge);
        ProcStats proc = new ProcStats(bridge.pid());
        Transactions txns = new Transactions(eventsPerTxn, rooms, "ingest-" + System.currentTimeMillis());
        try (HttpConnection control = new HttpConnection("127.0.0.1", port, hsToken)) {
            Runs.note("%s, %d in flight: warming up for %d s", label, inFlight, warmupSeconds);
            Phase warmup = load(port, txns, warmupSeconds);
            Runs.note("warm-up: %,.0f events/s, %,d bytes per transaction; measuring for %d s",
                    warmup.eventsPerSecond(eventsPerTxn), warmup.last().body().length, durationSeconds);
            CpuUse before = cpuUse(proc, database);
            long written0 = proc.storageWrites();
            Phase run = load(port, txns, durationSeconds);
            long written = proc.storageWrites() - written0;
            CpuUse cores = cpuUse(proc, database).minus(before).per(run.seconds());
            txns.stop();
            Runs.note("measured: the bridge used %.1f µs CPU per event%s", cores.bridge() * 1e6 / run.eventsPerSecond(eventsPerTxn),
                    postgres != null ? "" : String.format(Locale.ROOT, " and wrote %,.0f KiB to storage per transaction",
                            written / 1024.0 / run.count()));

            long sent = (long) (warmup.count() + run.count()) * eventsPerTxn;
            Metrics m = awaitHandled(control, sent);
            requireEqual(sent, m.sum("mxbridge_events_received_total", ""), "events stored");
            var retry = control.put("/_matrix/app/v1/transactions/" + run.last().id(), run.last().body());
            Metrics after = Metrics.read(control);
            if (retry.status() != 200 || after.sum("mxbridge_transactions_total", "result=\"duplicate\"") != 1
                    || after.sum("mxbridge_events_received_total", "") != sent) {
                throw new IllegalStateException("a retried transaction was not a no-op: " + retry.status() + " " + retry.text());
            }

            double heapPeak = after.sum("bench_heap_peak_bytes", "");
            long rssPeak = proc.rssPeak();
            runJcmd(bridge.pid(), "GC.run");
            double heapAfter = Metrics.read(control).sum("jvm_memory_used_bytes", "area=\"heap\"");
            long rssAfter = proc.rss();

            long[] ns = run.latencies();
            return String.format(Locale.ROOT,
                    "| %s | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %.2f | %s | %.2f | %.2f |",
                    label, inFlight, run.eventsPerSecond(eventsPerTxn), run.count() / run.seconds(),
                    ms(percentile(ns, 50)), ms(percentile(ns, 90)), ms(percentile(ns, 99)), ms(ns[ns.length - 1]),
                    heapPeak / MIB, heapAfter / MIB, rssPeak / MIB, rssAfter / MIB, cores.bridge(),
                    dbServerPid == null ? "–" : String.format(Locale.ROOT, "%.2f", cores.database()), cores.driver(),
                    Math.max(0, cores.machine() - cores.bridge() - cores.database() - cores.driver()));
        } finally {
            txns.stop();
        }
    }

    /** CPU seconds used so far by the bridge, its database server, this driver and the whole machine. */
    private record CpuUse(double bridge, double database, double driver, double machine) {
        CpuUse minus(CpuUse o) {
            return new CpuUse(bridge - o.bridge, database - o.database, driver - o.driver, machine - o.machine);
        }

        CpuUse per(double seconds) {
            return new CpuUse(bridge / seconds, database / seconds, driver / seconds, machine / seconds);
        }
    }

    private CpuUse cpuUse(ProcStats bridge, String database) throws IOException {
        double db = dbServerPid == null ? 0 : ProcStats.postgresCpuSeconds(dbServerPid, database);
        return new CpuUse(bridge.cpuSeconds(), db, Runs.ownCpuSeconds(), ProcStats.machineBusySeconds());
    }

    /** Recorded transactions of one phase. */
    private record Phase(int count, long[] latencies, double seconds, Transactions.Txn last) {
        double eventsPerSecond(int eventsPerTxn) {
            return count * (double) eventsPerTxn / seconds;
        }
    }

    /** Sends from {@code inFlight} connections until {@code seconds} have passed; fails on any answer but 200. */
    private Phase load(int port, Transactions txns, int seconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<LatencyLog> logs = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Transactions.Txn> last = new AtomicReference<>();
        for (int w = 0; w < inFlight; w++) {
            LatencyLog lat = new LatencyLog();
            logs.add(lat);
            workers.add(Thread.ofPlatform().name("sender-" + w).start(() -> {
                try (HttpConnection http = new HttpConnection("127.0.0.1", port, hsToken)) {
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        Transactions.Txn txn = txns.next();
                        long t0 = System.nanoTime();
                        var response = http.put("/_matrix/app/v1/transactions/" + txn.id(), txn.body());
                        long t1 = System.nanoTime();
                        if (response.status() != 200) {
                            throw new IllegalStateException("transaction " + txn.id() + ": " + response.status() + " " + response.text());
                        }
                        lat.add(t1 - t0);
                        last.set(txn);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("load failed: " + failure.get(), failure.get());
        }
        long[] all = logs.stream().flatMapToLong(LatencyLog::stream).sorted().toArray();
        return new Phase(all.length, all, elapsed, last.get());
    }

    private Metrics awaitHandled(HttpConnection control, long events) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Metrics m = Metrics.read(control);
            if (m.sum("mxbridge_events_handled_total", "") >= events) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + m.sum("mxbridge_events_handled_total", "") + " of " + events
                        + " events handled after 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Other people's builds on a shared machine skew every figure; the "other CPU" column shows what remained. */
    private void awaitQuietMachine() throws IOException, InterruptedException {
        ProcStats.awaitQuietMachine(quietWaitSeconds, message -> Runs.note("%s", message));
    }

    private Process startBridge(String dbUrl, Path log) throws IOException {
        List<String> cmd = Runs.javaCommand(bridgeJvmOpts, NoopBridge.class.getName(), "--db-url", dbUrl,
                "--hs-token", hsToken);
        if (postgres != null) {
            cmd.addAll(List.of("--db-user", dbUser, "--db-password", dbPassword));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(log.toFile()).start();
    }

    private static int awaitPort(Process bridge) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("port=")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the bridge under test exited before listening (exit " + waitExit(bridge) + ")");
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Closing its stdin stops the bridge the way a SIGTERM would (lanes finish, completions written). */
    private static void stopBridge(Process bridge) throws IOException, InterruptedException {
        bridge.getOutputStream().close();
        if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
            bridge.destroyForcibly().waitFor();
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + postgres + "/postgres", dbUser, dbPassword);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void runJcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed");
        }
    }

    private static void requireEqual(long expected, double actual, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + ", bridge reports " + (long) actual);
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Per-transaction latencies of one sender, in nanoseconds. */
    private static final class LatencyLog {
        private long[] values = new long[4096];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }
}
