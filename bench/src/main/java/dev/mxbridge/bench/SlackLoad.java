package dev.mxbridge.bench;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.slack.ApiCall;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackUser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Slack benchmark: the Slack bridge as its own JVM ({@code SlackBridge run}, the class path of this module) on
 * PostgreSQL (or H2), between the test kit's {@link FakeSlack} (driven through the bridge's real Slack SDK: Socket
 * Mode and the Web API) and a {@link HomeserverStub}, both in this JVM. Messages go round-robin over the channels, at
 * a steady rate, one direction at a time after a warm-up of both at once:
 *
 * <ul>
 *   <li>Slack → Matrix: a Slack user posts in the fake, which writes the {@code events_api} envelope on the socket in
 *       that call; timed from just before the call to the stub reading the ghost's {@code PUT .../send};</li>
 *   <li>Matrix → Slack: AS transactions as Synapse sends them ({@link TransactionSender}); timed from each message's
 *       due time to the fake reading the accepted {@code chat.postMessage} request carrying it.</li>
 * </ul>
 *
 * <p>The homeserver is a stub that answers at once, so the figures are the bridge's share (with the fake's own
 * envelope writing and request parsing, which count against the bridge), not end to end. The fake paces
 * {@code chat.postMessage} per channel as Slack does only if {@code --post-interval} is given: at 100 msg/s over 50
 * channels each channel gets 2 a second, twice what Slack allows, so with pacing on the figure is the bridge's queue.
 */
@Command(name = "slack-load", mixinStandardHelpOptions = true,
        description = "Measures messages/s and bridge-added latency of the Slack bridge against FakeSlack, both directions.")
public final class SlackLoad implements Callable<Integer> {
    private static final String DOMAIN = "bench";
    private static final String TABLE_HEADER = "| store | direction | load | messages | msg/s | p50 ms | p99 ms | p99.9 ms "
            + "| max ms | fake's chat.postMessage pacing | 429s | bridge CPU | driver CPU | other CPU | load avg |\n"
            + "|---|---|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|";

    @Option(names = "--rate", defaultValue = "100", description = "msg/s per direction (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--channels", defaultValue = "50", description = "channels (portals), round-robin (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--users", defaultValue = "10", description = "Slack users and Matrix senders, each in every channel: "
            + "the warm-up's first users x channels messages make each ghost join each portal (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--warmup", defaultValue = "20", description = "seconds of unrecorded load, both directions at once")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "30", description = "seconds of each recorded run")
    int durationSeconds;

    @Option(names = "--post-interval", defaultValue = "0", description = "ms the fake wants between two chat.postMessage "
            + "to one channel, answering 429 otherwise (Slack: about 1000); 0: no pacing (default: ${DEFAULT-VALUE})")
    long postIntervalMs;

    @Option(names = "--postgres", description = "host:port of a PostgreSQL server (user and password mxbridge): a fresh "
            + "database is made there for the run and dropped after. Without it: H2")
    String postgres;

    @Option(names = "--bridge-jvm-opts", defaultValue = "-Xmx512m", description = "JVM options of the bridge")
    String bridgeJvmOpts;

    @Option(names = "--quiet-wait", defaultValue = "120", description = "seconds to wait at most for an idle machine")
    int quietWaitSeconds;

    @Option(names = "--table-header", description = "only print the header of the table the rows belong to")
    boolean tableHeader;

    private final String database = "mxbridge_slack_" + ProcessHandle.current().pid();
    private final Arrivals toMatrix = new Arrivals();
    private final Arrivals toSlack = new Arrivals();
    private int runs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlackLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        if (rate <= 0 || channels < 1 || users < 1 || durationSeconds < 1 || warmupSeconds < 0 || postIntervalMs < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "rates, counts and durations must be positive");
        }
        Path work = Files.createTempDirectory("mxbridge-slack-bench-");
        String dbUrl = "jdbc:h2:file:" + work.resolve("bridge");
        if (postgres != null) {
            Runs.postgresAdmin(postgres, "CREATE DATABASE " + database);
            dbUrl = "jdbc:postgresql://" + postgres + "/" + database;
        }
        try (HomeserverStub stub = HomeserverStub.start(DOMAIN); FakeSlack slack = FakeSlack.create().start()) {
            stub.onMessage(toMatrix::arrived);
            slack.postMessageInterval(Duration.ofMillis(postIntervalMs));
            slack.onCall(this::answered);
            List<SlackUser> people = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                people.add(slack.addUser("user" + i));
            }
            SlackUser[] members = new SlackUser[users + 1];
            people.toArray(members);
            members[users] = slack.botUser();
            List<SlackChannel> rooms = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                rooms.add(slack.addChannel("bench-" + i, members));
            }
            Registration registration = writeRegistration(work);
            Files.writeString(work.resolve("config.yaml"), config(registration, stub.uri(), slack, dbUrl));
            try (BridgeJvm bridge = BridgeJvm.start(work, bridgeJvmOpts)) {
                int port = registration.url().orElseThrow().getPort();
                awaitReady(port, slack, bridge);
                List<String> portals = portals(port, registration.hsToken(), stub, rooms);
                TransactionSender sender = new TransactionSender(port, registration.hsToken(), portals, users, DOMAIN);
                Direction slackToMatrix = (run, count, start) -> post(slack, people, rooms, run, count, start);
                Direction matrixToSlack = (run, count, start) -> sender.send(run, count, rate, start);
                warmUp(slackToMatrix, matrixToSlack);
                ProcStats.awaitQuietMachine(quietWaitSeconds, message -> Runs.note("%s", message));
                int count = (int) (rate * durationSeconds);
                row(run(bridge, slack, true, slackToMatrix, count));
                row(run(bridge, slack, false, matrixToSlack, count));
                Runs.note("homeserver calls the bridge made: %s", stub.calls());
            }
        } finally {
            if (postgres != null) {
                Runs.postgresAdmin(postgres, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            Runs.note("bridge log: %s", work.resolve("bridge.log"));
        }
        return 0;
    }

    /** Sends one run's messages in one direction, message n due at {@code start + n / rate}. */
    @FunctionalInterface
    private interface Direction {
        void send(int run, int count, long startNanos) throws Exception;
    }

    private void answered(ApiCall call, long arrivedNanos) {
        if (call.method().equals("chat.postMessage") && call.status() == 200) {
            call.arg("text").ifPresent(text -> toSlack.arrived(text, arrivedNanos));
        }
    }

    /** Slack users post at the due times; each token carries the moment just before the fake sends its envelope. */
    private void post(FakeSlack slack, List<SlackUser> people, List<SlackChannel> rooms, int run, int count, long start) {
        Schedule schedule = new Schedule(start, rate);
        for (int n = 0; n < count; n++) {
            Schedule.sleepUntil(schedule.due(n));
            SlackUser user = people.get((n / rooms.size()) % people.size());
            slack.post(user, rooms.get(n % rooms.size()), new Token(run, n, System.nanoTime()).text());
        }
    }

    private void warmUp(Direction slackToMatrix, Direction matrixToSlack) throws Exception {
        Runs.note("warming up for %d s at %.0f msg/s in both directions at once", warmupSeconds, rate);
        int count = (int) (rate * warmupSeconds);
        int a = ++runs;
        int b = ++runs;
        Latencies inMatrix = toMatrix.expect(a);
        Latencies inSlack = toSlack.expect(b);
        long start = System.nanoTime() + 20_000_000;
        try (var driver = Executors.newVirtualThreadPerTaskExecutor()) {
            var other = driver.submit(() -> {
                matrixToSlack.send(b, count, start);
                return null;
            });
            slackToMatrix.send(a, count, start);
            other.get();
        }
        Runs.awaitCount(inMatrix::size, count);
        Runs.awaitCount(inSlack::size, count);
    }

    private String run(BridgeJvm bridge, FakeSlack slack, boolean intoMatrix, Direction direction, int count) throws Exception {
        int run = ++runs;
        String name = intoMatrix ? "Slack → Matrix" : "Matrix → Slack";
        String loadAverage = Runs.loadAverage();
        Runs.note("%s: %.0f msg/s over %d channels for %d s (load average %s, %s UTC)", name, rate, channels, durationSeconds,
                loadAverage, LocalTime.now(ZoneOffset.UTC).withNano(0));
        Latencies arrived = (intoMatrix ? toMatrix : toSlack).expect(run);
        ProcStats stats = new ProcStats(bridge.pid());
        double bridge0 = stats.cpuSeconds();
        double driver0 = new ProcStats(ProcessHandle.current().pid()).cpuSeconds();
        double machine0 = ProcStats.machineBusySeconds();
        long throttled0 = throttled(slack);
        long start = System.nanoTime() + 20_000_000;
        direction.send(run, count, start);
        Runs.awaitCount(arrived::size, count);
        long[] ns = arrived.sorted();
        double wall = (arrived.lastArrival() - start) / 1e9;
        double bridgeCpu = (stats.cpuSeconds() - bridge0) / wall;
        double driverCpu = (new ProcStats(ProcessHandle.current().pid()).cpuSeconds() - driver0) / wall;
        double other = Math.max(0, (ProcStats.machineBusySeconds() - machine0) / wall - bridgeCpu - driverCpu);
        Runs.note("  %,d messages, p50 %.2f ms, p99 %.2f ms, max %.2f ms", count, Latencies.percentileMs(ns, 50),
                Latencies.percentileMs(ns, 99), Latencies.percentileMs(ns, 100));
        return String.format(Locale.ROOT, "| %s | %s | %.0f msg/s over %d channels for %d s | %,d | %,.0f | %.2f | %.2f | %.2f "
                        + "| %.2f | %s | %d | %.2f | %.2f | %.2f | %s |",
                postgres != null ? "PostgreSQL" : "H2", name, rate, channels, durationSeconds, count, count / wall,
                Latencies.percentileMs(ns, 50), Latencies.percentileMs(ns, 99), Latencies.percentileMs(ns, 99.9),
                Latencies.percentileMs(ns, 100), postIntervalMs == 0 ? "off" : postIntervalMs + " ms per channel",
                throttled(slack) - throttled0, bridgeCpu, driverCpu, other, loadAverage.split(" ")[0]);
    }

    private static long throttled(FakeSlack slack) {
        return slack.calls("chat.postMessage").stream().filter(c -> c.status() == 429).count();
    }

    private static String config(Registration registration, URI homeserver, FakeSlack slack, String dbUrl) {
        // backfill_limit 0: a new portal reads no history, so the runs measure live traffic only.
        return """
                homeserver: {url: '%s', domain: %s}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: {url: '%s', user: mxbridge, password: mxbridge}
                bridge: {permissions: {'*': relay}}
                network:
                  api_url: '%s'
                  bot_token: '%s'
                  app_token: '%s'
                  backfill_limit: 0
                  queue_limit: 10000
                """.formatted(homeserver, DOMAIN,
                registration.url().orElseThrow().getPort(), dbUrl, slack.methodsUrl(), slack.botToken(), slack.appToken());
    }

    private static Registration writeRegistration(Path dir) {
        Registration r = Registration.builder().id("slack").url(URI.create("http://127.0.0.1:" + TestPorts.free()))
                .senderLocalpart("_slack_bot").exclusiveUsers("_slack_", DOMAIN).exclusiveAliases("_slack_", DOMAIN).build();
        RegistrationYaml.write(r, dir.resolve("registration.yaml"));
        return r;
    }

    /** Waits for {@code /ready} and for the bridge's Socket Mode connection to the fake. */
    private static void awaitReady(int port, FakeSlack slack, BridgeJvm bridge) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!bridge.alive()) {
                throw new IllegalStateException("the bridge exited; see its log");
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 && slack.socketMode().openConnections() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the bridge was not ready within 120 s");
    }

    /** Asks the bridge for each channel's alias, as a Matrix user joining it would; returns the rooms it made. */
    private static List<String> portals(int port, String hsToken, HomeserverStub stub, List<SlackChannel> rooms) throws IOException {
        List<String> portals = new ArrayList<>();
        try (HttpConnection http = new HttpConnection("127.0.0.1", port, hsToken)) {
            for (SlackChannel channel : rooms) {
                String localpart = "_slack_fake-slack_" + channel.name();
                String alias = "#" + localpart + ":" + DOMAIN;
                var answer = http.get("/_matrix/app/v1/rooms/" + URLEncoder.encode(alias, StandardCharsets.UTF_8));
                if (answer.status() != 200) {
                    throw new IllegalStateException("alias query " + alias + " answered " + answer.status() + " " + answer.text());
                }
                portals.add(stub.roomByAlias(localpart).orElseThrow(() -> new IllegalStateException("no room for " + alias)));
            }
        }
        return portals;
    }

    private static void row(String row) {
        System.out.println(row);
        System.out.flush();
    }

    /** The bridge's JVM: {@code SlackBridge run -c config.yaml} in the work directory, its output in {@code bridge.log}. */
    private record BridgeJvm(Process process) implements AutoCloseable {
        static BridgeJvm start(Path work, String jvmOpts) throws IOException {
            List<String> cmd = Runs.javaCommand(jvmOpts, "dev.mxbridge.slack.SlackBridge", "run", "-c", "config.yaml");
            return new BridgeJvm(new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("bridge.log").toFile()).start());
        }

        long pid() {
            return process.pid();
        }

        boolean alive() {
            return process.isAlive();
        }

        /** SIGTERM, as an operator stops it. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
