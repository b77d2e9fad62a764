package dev.mxbridge.bench;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bridging benchmark: starts {@link BridgeProcess} (the example bridge) as a separate JVM and carries messages
 * through it both ways, against {@link HomeserverStub} in this JVM (answers at once: the bridge's own latency) or
 * a real Synapse (end to end). Per direction: warm-up, then an open-loop run at each {@code --rate} (latency from
 * each message's due time, so a stall counts against every message due during it), then, against the stub, a
 * burst of {@code --burst} messages all due at once (the throughput ceiling). One Markdown table row per run.
 *
 * <ul>
 *   <li>remote → Matrix: the bridge JVM posts in the example chat at the due time ({@code ExampleChat.post} →
 *       {@code NetworkContext.push}); timed to the stub reading the ghost's {@code PUT .../send}, or to a Matrix
 *       user's {@code /sync} answer carrying it;</li>
 *   <li>Matrix → remote: stub: AS transactions sent as Synapse sends them ({@link TransactionSender}); Synapse: a
 *       Matrix user's {@code PUT .../send}; timed to the relay client's {@code send} in the bridge JVM.</li>
 * </ul>
 */
@Command(name = "bridging-load", mixinStandardHelpOptions = true,
        description = "Measures messages/s and latency of the example bridge, both directions.")
public final class BridgingLoad implements Callable<Integer> {
    private static final double MIB = 1024 * 1024;
    private static final String TABLE_HEADER = "| homeserver | direction | load | messages | msg/s | p50 ms | p99 ms "
            + "| p99.9 ms | max ms | 200 answer p50 / p99 ms | events/txn | GC pauses (longest ms) | heap peak MiB "
            + "| heap after GC MiB | RSS MiB "
            + "| bridge CPU | driver CPU | Synapse / PostgreSQL CPU | other CPU | load avg |\n"
            + "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

    enum Kind { stub, synapse }

    @Option(names = "--homeserver", defaultValue = "stub", description = "stub or synapse (default: ${DEFAULT-VALUE})")
    Kind kind;

    @Option(names = "--rate", defaultValue = "1000", split = ",", description = "paced rates, msg/s (default: ${DEFAULT-VALUE})")
    double[] rates;

    @Option(names = "--warmup", defaultValue = "20", description = "seconds of unrecorded load")
    int warmupSeconds;

    @Option(names = "--db-server-pid", description = "pid of the PostgreSQL postmaster, to report its CPU use apart")
    Long dbServerPid;

    @Option(names = "--warmup-mode", defaultValue = "both", description = "both (directions at once) or each (one "
            + "after the other) (default: ${DEFAULT-VALUE})")
    String warmupMode;

    @Option(names = "--duration", defaultValue = "30", description = "seconds of each paced run")
    int durationSeconds;

    @Option(names = "--burst", defaultValue = "30000", description = "messages of the burst run per direction; 0: none")
    int burst;

    @Option(names = "--rooms", defaultValue = "20", description = "portals; messages go round-robin over them")
    int rooms;

    @Option(names = "--users", defaultValue = "100", description = "remote users (ghosts) and Matrix senders")
    int users;

    @Option(names = "--window", defaultValue = "64", description = "Synapse: CS API sends open at most")
    int window;

    @Option(names = "--bridge-jvm-opts", defaultValue = "-Xmx512m", description = "JVM options of the bridge under test")
    String bridgeJvmOpts;

    @Option(names = "--postgres", description = "host:port of a PostgreSQL server (user and password mxbridge) to "
            + "store in: a fresh database is made there for the run and dropped after. Without it: H2")
    String postgres;

    @Option(names = "--repo", defaultValue = ".", description = "the mxbridge checkout (scripts/, build/)")
    Path repo;

    @Option(names = "--quiet-wait", defaultValue = "120", description = "seconds to wait at most for the machine to "
            + "be idle (others below a quarter core) before measuring; 0: at once")
    int quietWaitSeconds;

    @Option(names = "--table-header", description = "only print the header of the table the rows belong to")
    boolean tableHeader;

    private final Arrivals arrivals = new Arrivals();
    private String dbUrl;
    private int runs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BridgingLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        if (Arrays.stream(rates).anyMatch(r -> r <= 0) || durationSeconds < 1 || warmupSeconds < 0 || rooms < 1 || users < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "rates, counts and durations must be positive");
        }
        if (!warmupMode.equals("both") && !warmupMode.equals("each")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--warmup-mode must be both or each, not " + warmupMode);
        }
        Runs.inScratch("mxbridge-bridging-", postgres, database, (work, url) -> {
            dbUrl = url;
            if (kind == Kind.stub) {
                againstStub(work);
            } else {
                againstSynapse(work);
            }
        });
        return 0;
    }

    /** Prints a table row at once, so the rows of a scenario that fails later are not lost. */
    private static void row(String row) {
        System.out.println(row);
        System.out.flush();
    }

    /** The PostgreSQL database of this run (made and dropped around it). */
    private final String database = "mxbridge_bridging_" + ProcessHandle.current().pid();

    private void againstStub(Path work) throws Exception {
        String domain = "bench";
        try (HomeserverStub stub = HomeserverStub.start(domain)) {
            stub.onMessage(arrivals::arrived);
            Registration registration = writeRegistration(work, domain);
            try (BridgeControl bridge = startBridge(work, stub.uri(), domain)) {
                List<String> portals = bridge.portals(registration.hsToken(), stub, IntStream.range(0, rooms)
                        .mapToObj(i -> "_example_" + BridgeProcess.room(i)).toList(), domain);
                TransactionSender sender = new TransactionSender(bridge.port(), registration.hsToken(), portals, users, domain);
                Run toMatrix = (run, count, rate, start) -> {
                    bridge.command("push " + run + " " + count + " " + rate + " " + start);
                    return Optional.empty();
                };
                Run toRemote = (run, count, rate, start) -> Optional.of(sender.send(run, count, rate, start));
                Ctx ctx = new Ctx(bridge, postgres == null || dbServerPid == null ? Optional.empty()
                        : Optional.of(() -> ProcStats.postgresCpuSeconds(dbServerPid, database)));
                warmUp(ctx, toMatrix, toRemote);
                awaitQuietMachine();
                for (double rate : rates) {
                    row(run(ctx, stubLabel(), true, toMatrix, rate, (int) (rate * durationSeconds)));
                }
                if (burst > 0) {
                    row(run(ctx, stubLabel(), true, toMatrix, 0, burst));
                }
                for (double rate : rates) {
                    row(run(ctx, stubLabel(), false, toRemote, rate, (int) (rate * durationSeconds)));
                }
                if (burst > 0) {
                    row(run(ctx, stubLabel(), false, toRemote, 0, burst));
                }
                Runs.note("homeserver calls the bridge made: %s", stub.calls());
            }
        }
    }

    private void againstSynapse(Path work) throws Exception {
        String domain = "localhost";
        System.setProperty("mxbridge.root", repo.toAbsolutePath().toString());
        Registration registration = writeRegistration(work, domain);
        Homeserver synapse = Homeserver.synapse().registration(work.resolve("registration.yaml")).name("bench-bridging").build();
        Runs.note("starting Synapse");
        synapse.start();
        try (BridgeControl bridge = startBridge(work, synapse.baseUrl(), domain)) {
            long synapsePid = Long.parseLong(Files.readString(synapse.instanceDir().resolve("synapse.pid")).trim());
            TestUser alice = synapse.registerUser("bench-alice");
            List<String> portals = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                portals.add(alice.join("#_example_" + BridgeProcess.room(i) + ":" + domain));
            }
            try (SyncingUser user = new SyncingUser(synapse.baseUrl(), alice.userId(), alice.accessToken())) {
                user.follow(arrivals::arrived);
                Run toMatrix = (run, count, rate, start) -> {
                    bridge.command("push " + run + " " + count + " " + rate + " " + start);
                    return Optional.empty();
                };
                Run toRemote = (run, count, rate, start) -> {
                    user.send(run, count, rate, start, portals, window);
                    return Optional.empty();
                };
                ProcStats synapseStats = new ProcStats(synapsePid);
                Ctx ctx = new Ctx(bridge, Optional.of(synapseStats::cpuSeconds));
                warmUp(ctx, toMatrix, toRemote);
                awaitQuietMachine();
                for (double rate : rates) {
                    row(run(ctx, "Synapse", true, toMatrix, rate, (int) (rate * durationSeconds)));
                }
                for (double rate : rates) {
                    row(run(ctx, "Synapse", false, toRemote, rate, (int) (rate * durationSeconds)));
                }
                if (user.sendErrors() > 0 || user.limitedTimelines() > 0) {
                    Runs.note("Synapse: %d sends failed, %d sync answers left events out", user.sendErrors(), user.limitedTimelines());
                }
            }
        } finally {
            synapse.stop();
        }
    }

    private String stubLabel() {
        String gc = bridgeJvmOpts.contains("UseZGC") ? "ZGC" : bridgeJvmOpts.contains("UseParallelGC") ? "Parallel GC" : "G1";
        return "stub (" + (postgres != null ? "PostgreSQL" : "H2") + ", " + gc + ")";
    }

    /** Sends one run's messages; returns what the AS transactions did, if it sent any. */
    @FunctionalInterface
    private interface Run {
        Optional<TransactionSender.Sent> send(int run, int count, double rate, long startNanos) throws Exception;
    }

    /** The bridge under test and the homeserver's process, if it is one. */
    private record Ctx(BridgeControl bridge, Optional<CpuClock> server) {
    }

    /** CPU seconds used so far by the server beside the bridge: Synapse, or PostgreSQL's processes for this run. */
    @FunctionalInterface
    private interface CpuClock {
        double seconds() throws IOException;
    }

    /**
     * Unrecorded load before the runs. {@code both} (the default): both directions at once, as a live bridge carries
     * them, so that the JIT has compiled both paths before the first recorded run. {@code each}: one direction after
     * the other; the first recorded run of a direction then pays for recompiling what the other direction's warm-up
     * left behind (see docs/performance.md).
     */
    private void warmUp(Ctx ctx, Run toMatrix, Run toRemote) throws Exception {
        double rate = Arrays.stream(rates).max().orElseThrow();
        int count = (int) (rate * warmupSeconds);
        if (warmupMode.equals("each")) {
            Runs.note("warming up for %d s per direction at %.0f msg/s, one direction after the other", warmupSeconds, rate);
            measure(ctx, true, toMatrix, rate, count);
            measure(ctx, false, toRemote, rate, count);
            return;
        }
        Runs.note("warming up for %d s at %.0f msg/s in both directions at once", warmupSeconds, rate);
        int matrixRun = ++runs;
        int remoteRun = ++runs;
        long start = System.nanoTime() + 20_000_000;
        Latencies arrived = arrivals.expect(matrixRun);
        try (var driver = Executors.newVirtualThreadPerTaskExecutor()) {
            var remote = driver.submit(() -> toRemote.send(remoteRun, count, rate, start));
            toMatrix.send(matrixRun, count, rate, start);
            remote.get();
        }
        Runs.awaitCount(arrived::size, count);
        Runs.awaitCount(() -> Integer.parseInt(ctx.bridge().command("count " + remoteRun)[0]), count);
        ctx.bridge().command("received " + remoteRun);
    }

    /** What one run measured. */
    private record Result(int sent, long[] latencies, double perSecond, Optional<TransactionSender.Sent> txns,
                          String gcPauses, double heapPeak, double heapAfterGc, long rss, double bridgeCpu, double driverCpu,
                          double serverCpu, double otherCpu) {
    }

    private String run(Ctx ctx, String hs, boolean toMatrix, Run scenario, double rate, int count) throws Exception {
        String load = rate > 0 ? String.format(Locale.ROOT, "%,.0f msg/s for %d s", rate, durationSeconds)
                : String.format(Locale.ROOT, "burst of %,d", count);
        String direction = toMatrix ? "remote → Matrix" : "Matrix → remote";
        String loadAverage = Runs.loadAverage();
        Runs.note("%s, %s: %s (load average %s, %s UTC)", hs, direction, load, loadAverage,
                LocalTime.now(ZoneOffset.UTC).withNano(0));
        Result r = measure(ctx, toMatrix, scenario, rate, count);
        long[] ns = r.latencies();
        String answers = r.txns().map(t -> {
            long[] a = t.answers().sorted();
            return String.format(Locale.ROOT, "%.2f / %.2f", Latencies.percentileMs(a, 50), Latencies.percentileMs(a, 99));
        }).orElse("–");
        String perTxn = r.txns().map(t -> String.format(Locale.ROOT, "%.2f", t.messages() / (double) t.transactions())).orElse("–");
        // In a burst every message is due at once: its "latency" is its place in the queue, not a figure.
        String lat = rate > 0 ? String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %.2f", Latencies.percentileMs(ns, 50),
                Latencies.percentileMs(ns, 99), Latencies.percentileMs(ns, 99.9), Latencies.percentileMs(ns, 100)) : "– | – | – | –";
        return String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,.0f | %s | %s | %s | %s | %.0f | %.0f | %.0f | %.2f | %.2f | %s | %.2f | %s |",
                hs, direction, load, r.sent(), r.perSecond(), lat, answers, perTxn, r.gcPauses(), r.heapPeak() / MIB,
                r.heapAfterGc() / MIB, r.rss() / MIB, r.bridgeCpu(), r.driverCpu(),
                ctx.server().isPresent() ? String.format(Locale.ROOT, "%.2f", r.serverCpu()) : "–", r.otherCpu(),
                loadAverage.split(" ")[0]);
    }

    private Result measure(Ctx ctx, boolean toMatrix, Run scenario, double rate, int count) throws Exception {
        int run = ++runs;
        ProcStats bridge = new ProcStats(ctx.bridge().pid());
        ctx.bridge().command("heap");
        double bridge0 = bridge.cpuSeconds();
        double driver0 = Runs.ownCpuSeconds();
        double server0 = ctx.server().isPresent() ? ctx.server().get().seconds() : 0;
        double machine0 = ProcStats.machineBusySeconds();
        long start = System.nanoTime() + 20_000_000;
        Latencies arrived = arrivals.expect(run);

        Optional<TransactionSender.Sent> txns = scenario.send(run, count, rate, start);
        long[] latencies;
        long last;
        if (toMatrix) {
            Runs.awaitCount(() -> arrived.size(), count);
            latencies = arrived.sorted();
            last = arrived.lastArrival();
        } else {
            Runs.awaitCount(() -> Integer.parseInt(ctx.bridge().command("count " + run)[0]), count);
            String[] w = ctx.bridge().command("received " + run);
            last = Long.parseLong(w[0]);
            latencies = Arrays.stream(w, 2, w.length).mapToLong(Long::parseLong).toArray();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double bridgeCpu = (bridge.cpuSeconds() - bridge0) / wall;
        double driverCpu = (Runs.ownCpuSeconds() - driver0) / wall;
        double serverCpu = ctx.server().isPresent() ? (ctx.server().get().seconds() - server0) / wall : 0;
        double other = Math.max(0, (ProcStats.machineBusySeconds() - machine0) / wall - bridgeCpu - driverCpu - serverCpu);
        String[] heap = ctx.bridge().command("heap");
        double heapPeak = Double.parseDouble(heap[0]);
        String gcPauses = heap[2] + " (" + heap[4] + ")";
        double heapAfter = Double.parseDouble(ctx.bridge().command("gc")[0]);
        if (latencies.length != count) {
            throw new IllegalStateException("run " + run + ": " + latencies.length + " of " + count + " messages arrived");
        }
        double perSecond = count / ((last - start) / 1e9);
        Runs.note("  %,d messages, %,.0f msg/s, p99 %.2f ms, max %.2f ms; CPU: bridge %.2f, driver %.2f, others %.2f",
                count, perSecond, Latencies.percentileMs(latencies, 99), Latencies.percentileMs(latencies, 100),
                bridgeCpu, driverCpu, other);
        return new Result(count, latencies, perSecond, txns, gcPauses, heapPeak, heapAfter, bridge.rss(), bridgeCpu, driverCpu,
                serverCpu, other);
    }

    private BridgeControl startBridge(Path work, URI homeserver, String domain) throws IOException {
        return BridgeControl.start(BridgeProcess.class, bridgeJvmOpts, work, homeserver, domain, dbUrl,
                List.of("--rooms", Integer.toString(rooms), "--users", Integer.toString(users)));
    }

    /** Writes {@code dir/registration.yaml} for a bridge on a free port, before the homeserver reads it. */
    private static Registration writeRegistration(Path dir, String domain) {
        Registration r = Registration.builder().id("example").url(URI.create("http://127.0.0.1:" + Runs.freePort()))
                .senderLocalpart("_example_bot").exclusiveUsers("_example_", domain).exclusiveAliases("_example_", domain).build();
        RegistrationYaml.write(r, dir.resolve("registration.yaml"));
        return r;
    }

    /** Other people's builds on a shared machine skew every figure; the "other CPU" column shows what remained. */
    private void awaitQuietMachine() throws IOException, InterruptedException {
        ProcStats.awaitQuietMachine(quietWaitSeconds, message -> Runs.note("%s", message));
    }

}
