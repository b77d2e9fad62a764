package dev.mxbridge.bench;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import dev.mxbridge.testkit.telegram.RecordedCall;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Telegram benchmark: the Telegram bridge ({@link TelegramBridgeProcess}, a JVM of its own) between
 * {@link FakeTelegram} and {@link HomeserverStub}, both in this JVM, so that both ends of every message are timed on
 * one clock. {@code --chats} public supergroups with the bot as an administrator get portals by alias (as a Matrix
 * user joining {@code #_telegram_<username>} would make them); messages go round-robin over the chats, open loop at
 * {@code --rate} msg/s, each direction on its own after a warm-up of both at once:
 * <ul>
 *   <li>Telegram → Matrix: at its due time a Telegram user posts in the fake, which answers the bridge's pending
 *       {@code getUpdates} (through the real telegrambots client); timed to the stub reading the ghost's
 *       {@code PUT .../send};</li>
 *   <li>Matrix → Telegram: AS transactions as Synapse sends them ({@link TransactionSender}); timed to the fake having
 *       handled the relay's {@code sendMessage}.</li>
 * </ul>
 * The latency is what the bridge adds plus two loopback HTTP exchanges with in-memory servers that answer at once
 * (the fake's long-poll answer or the transaction, and the stub's or the fake's handling): a timestamping homeserver
 * stub is fine in a benchmark, never in an end-to-end test. The fake's flood limits (one message a second per chat,
 * twenty a minute per group, thirty a second per bot) are off by default ({@code --telegram-limits none}), as is the
 * bridge's own pacing: 100 msg/s over 50 chats is two a second per chat, which Telegram would refuse.
 */
@Command(name = "telegram-load", mixinStandardHelpOptions = true,
        description = "Measures messages/s and latency of the Telegram bridge through FakeTelegram, both directions.")
public final class TelegramLoad implements Callable<Integer> {
    private static final double MIB = 1024 * 1024;
    private static final String DOMAIN = "bench";
    private static final String TABLE_HEADER = "| store | direction | load | chats | messages | msg/s | p50 ms | p99 ms "
            + "| p99.9 ms | max ms | GC pauses (longest ms) | heap peak MiB | RSS MiB | bridge CPU | driver CPU "
            + "| PostgreSQL CPU | other CPU | load avg |\n"
            + "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

    enum Limits { none, telegram }

    @Option(names = "--rate", defaultValue = "100", description = "msg/s, per direction (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--chats", defaultValue = "50", description = "Telegram supergroups with portals (default: ${DEFAULT-VALUE})")
    int chats;

    @Option(names = "--users", defaultValue = "100", description = "Telegram users (ghosts) and Matrix senders")
    int users;

    @Option(names = "--warmup", defaultValue = "20", description = "seconds of unrecorded load, both directions at once")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "30", description = "seconds of each recorded run")
    int durationSeconds;

    @Option(names = "--telegram-limits", defaultValue = "none", description = "the fake's flood limits: none, or "
            + "telegram (1/s per chat, 20/min per group, 30/s per bot) (default: ${DEFAULT-VALUE})")
    Limits limits;

    @Option(names = "--bridge-jvm-opts", defaultValue = "-Xmx512m", description = "JVM options of the bridge under test")
    String bridgeJvmOpts;

    @Option(names = "--postgres", description = "host:port of a PostgreSQL server (user and password mxbridge): a "
            + "fresh database is made there for the run and dropped after. Without it: H2")
    String postgres;

    @Option(names = "--db-server-pid", description = "pid of the PostgreSQL postmaster, to report its CPU use apart")
    Long dbServerPid;

    @Option(names = "--quiet-wait", defaultValue = "120", description = "seconds to wait at most for the machine to "
            + "be idle before measuring; 0: at once")
    int quietWaitSeconds;

    @Option(names = "--table-header", description = "only print the header of the table the rows belong to")
    boolean tableHeader;

    private final String database = "mxbridge_telegram_bench_" + ProcessHandle.current().pid();
    private final Arrivals toMatrix = new Arrivals();
    private final Arrivals toTelegram = new Arrivals();
    private int runs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TelegramLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        if (rate <= 0 || durationSeconds < 1 || warmupSeconds < 0 || chats < 1 || users < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "rate, counts and durations must be positive");
        }
        Runs.inScratch("mxbridge-telegram-bench-", postgres, database, (work, dbUrl) -> {
            try (FakeTelegram telegram = FakeTelegram.builder()
                    .rateLimits(limits == Limits.none ? RateLimits.none() : RateLimits.telegram()).build().start();
                 HomeserverStub stub = HomeserverStub.start(DOMAIN)) {
                run(work, dbUrl, telegram, stub);
            }
        });
        return 0;
    }

    private void run(Path work, String dbUrl, FakeTelegram telegram, HomeserverStub stub) throws Exception {
        FakeBot bot = telegram.newBot("bench_bridge_bot").canReadAllGroupMessages(true).create();
        FakeUser[] people = new FakeUser[users];
        for (int i = 0; i < users; i++) {
            people[i] = telegram.newUser("User " + i).username("bench_user_" + i).create();
        }
        List<FakeChat> groups = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            groups.add(telegram.newSupergroup("Chat " + i).username(chatName(i)).members(people).adminBots(bot).create());
        }
        stub.onMessage(toMatrix::arrived);
        telegram.onCall(call -> sent(call, System.nanoTime()));

        Registration registration = Registration.builder().id("telegram").url(URI.create("http://127.0.0.1:" + Runs.freePort()))
                .senderLocalpart("_telegram_bot").exclusiveUsers("_telegram_", DOMAIN).exclusiveAliases("_telegram_", DOMAIN)
                .build();
        RegistrationYaml.write(registration, work.resolve("registration.yaml"));
        try (BridgeControl bridge = startBridge(work, stub.uri(), dbUrl, telegram.baseUrl(), bot.token())) {
            List<String> portals = bridge.portals(registration.hsToken(), stub, IntStream.range(0, chats)
                    .mapToObj(i -> "_telegram_" + chatName(i)).toList(), DOMAIN);
            TransactionSender sender = new TransactionSender(bridge.port(), registration.hsToken(), portals, users, DOMAIN);
            Direction fromTelegram = new Direction("Telegram → Matrix", toMatrix, (run, count, start) -> {
                Schedule schedule = new Schedule(start, rate);
                for (int n = 0; n < count; n++) {
                    long due = schedule.due(n);
                    Schedule.sleepUntil(due);
                    handOvers.add(System.nanoTime() - due); // the driver's own lateness, inside the latency
                    groups.get(n % chats).from(people[n % users]).text(new Token(run, n, due).text());
                }
            });
            Direction fromMatrix = new Direction("Matrix → Telegram", toTelegram,
                    (run, count, start) -> sender.send(run, count, rate, start));
            Ctx ctx = new Ctx(bridge, postgres != null && dbServerPid != null);
            warmUp(fromTelegram, fromMatrix);
            ProcStats.awaitQuietMachine(quietWaitSeconds, message -> Runs.note("%s", message));
            int count = (int) (rate * durationSeconds);
            row(measure(ctx, fromTelegram, count));
            row(measure(ctx, fromMatrix, count));
            Runs.note("homeserver calls the bridge made: %s", stub.calls());
            Runs.note("Bot API calls: %d, of which failed: %d", telegram.calls().size(),
                    telegram.calls().stream().filter(c -> !c.succeeded()).count());
        }
    }

    /** How late the driver posted each Telegram message of the run under way (its thread's wake-up). */
    private volatile Latencies handOvers = new Latencies();

    private static String chatName(int i) {
        return "bench_chat_" + i;
    }

    /** A sendMessage that reached the fake: timed if its text carries a token of the run under way. */
    private void sent(RecordedCall call, long nanos) {
        if (call.succeeded() && call.method().equalsIgnoreCase("sendMessage")) {
            call.param("text").ifPresent(text -> toTelegram.arrived(text, nanos));
        }
    }

    /** Sends one run's messages into the bridge. */
    @FunctionalInterface
    private interface Load {
        void send(int run, int count, long startNanos) throws Exception;
    }

    private record Direction(String name, Arrivals arrivals, Load load) {
    }

    private record Ctx(BridgeControl bridge, boolean postgresCpu) {
    }

    private void warmUp(Direction a, Direction b) throws Exception {
        int count = (int) (rate * warmupSeconds);
        if (count == 0) {
            return;
        }
        Runs.note("warming up for %d s at %.0f msg/s in both directions at once", warmupSeconds, rate);
        int runA = ++runs;
        int runB = ++runs;
        Latencies arrivedA = a.arrivals().expect(runA);
        Latencies arrivedB = b.arrivals().expect(runB);
        long start = System.nanoTime() + 20_000_000;
        try (var driver = Executors.newVirtualThreadPerTaskExecutor()) {
            var other = driver.submit(() -> {
                b.load().send(runB, count, start);
                return null;
            });
            a.load().send(runA, count, start);
            other.get();
        }
        Runs.awaitCount(arrivedA::size, count);
        Runs.awaitCount(arrivedB::size, count);
    }

    private String measure(Ctx ctx, Direction direction, int count) throws Exception {
        String loadAverage = Runs.loadAverage();
        Runs.note("%s: %.0f msg/s for %d s over %d chats (load average %s, %s UTC)", direction.name(), rate, durationSeconds,
                chats, loadAverage, LocalTime.now(ZoneOffset.UTC).withNano(0));
        int run = ++runs;
        ProcStats bridge = new ProcStats(ctx.bridge().pid());
        ctx.bridge().command("heap");
        double bridge0 = bridge.cpuSeconds();
        double driver0 = Runs.ownCpuSeconds();
        double pg0 = ctx.postgresCpu() ? ProcStats.postgresCpuSeconds(dbServerPid, database) : 0;
        double machine0 = ProcStats.machineBusySeconds();
        Latencies arrived = direction.arrivals().expect(run);
        handOvers = new Latencies();
        long start = System.nanoTime() + 20_000_000;
        direction.load().send(run, count, start);
        Runs.awaitCount(arrived::size, count);
        long[] ns = arrived.sorted();
        double wall = (System.nanoTime() - start) / 1e9;
        double bridgeCpu = (bridge.cpuSeconds() - bridge0) / wall;
        double driverCpu = (Runs.ownCpuSeconds() - driver0) / wall;
        double pgCpu = ctx.postgresCpu() ? (ProcStats.postgresCpuSeconds(dbServerPid, database) - pg0) / wall : 0;
        double other = Math.max(0, (ProcStats.machineBusySeconds() - machine0) / wall - bridgeCpu - driverCpu - pgCpu);
        String[] heap = ctx.bridge().command("heap");
        double perSecond = count / ((arrived.lastArrival() - start) / 1e9);
        Runs.note("  %,d messages, %,.0f msg/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms", count, perSecond,
                Latencies.percentileMs(ns, 50), Latencies.percentileMs(ns, 99), Latencies.percentileMs(ns, 100));
        long[] late = handOvers.sorted();
        if (late.length > 0) { // Telegram -> Matrix: when the driver's thread woke to post, after the due time
            Runs.note("  the driver posted after the due time by p50 %.2f ms, p99 %.2f ms, max %.2f ms (counted in the "
                    + "latency above)", Latencies.percentileMs(late, 50), Latencies.percentileMs(late, 99),
                    Latencies.percentileMs(late, 100));
        }
        return String.format(Locale.ROOT, "| %s | %s | %,.0f msg/s for %d s | %d | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f "
                        + "| %s (%s) | %.0f | %.0f | %.2f | %.2f | %s | %.2f | %s |",
                postgres != null ? "PostgreSQL" : "H2", direction.name(), rate, durationSeconds, chats, count, perSecond,
                Latencies.percentileMs(ns, 50), Latencies.percentileMs(ns, 99), Latencies.percentileMs(ns, 99.9),
                Latencies.percentileMs(ns, 100), heap[2], heap[4], Double.parseDouble(heap[0]) / MIB, bridge.rss() / MIB,
                bridgeCpu, driverCpu, ctx.postgresCpu() ? String.format(Locale.ROOT, "%.2f", pgCpu) : "–", other,
                loadAverage.split(" ")[0]);
    }

    private BridgeControl startBridge(Path work, URI homeserver, String dbUrl, URI api, String token) throws IOException {
        return BridgeControl.start(TelegramBridgeProcess.class, bridgeJvmOpts, work, homeserver, DOMAIN, dbUrl,
                List.of("--api-url", api.toString(), "--token", token));
    }

    private static void row(String row) {
        System.out.println(row);
        System.out.flush();
    }

}
