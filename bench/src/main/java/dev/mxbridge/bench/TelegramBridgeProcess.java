package dev.mxbridge.bench;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.telegram.TelegramConnector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bridge under test of {@link TelegramLoad}, in a JVM of its own: the Telegram bridge started as a deployment
 * starts it ({@code registration.yaml}, YAML configuration, H2 file database or {@code --db-url}), its Bot API
 * calls going through the real telegrambots client to {@code --api-url} (the driver's FakeTelegram). Its own
 * sending pace ({@code network.limits.send_interval}, {@code group_per_minute}) is off: the benchmark measures the
 * bridge, not Telegram's flood limits (see docs/performance.md). Prints {@code port=N} once it listens, then answers
 * {@code heap} ({@code heap PEAK USED PAUSES PAUSED_MS MAX_PAUSE_MS}) and {@code gc} ({@code gc USED}) on standard
 * input, one line each, as {@link BridgeProcess} does; stops when standard input closes.
 */
@Command(name = "telegram-bridge-process", mixinStandardHelpOptions = true,
        description = "Runs the Telegram bridge against a homeserver and a Bot API, driven by commands on stdin.")
public final class TelegramBridgeProcess implements Callable<Integer> {
    @Option(names = "--homeserver", required = true, description = "the homeserver's URL")
    URI homeserver;

    @Option(names = "--domain", required = true, description = "the homeserver's server name")
    String domain;

    @Option(names = "--work", required = true, description = "directory with registration.yaml; the database goes there")
    Path work;

    @Option(names = "--db-url", description = "JDBC URL of the store (default: H2 in the work directory)")
    String dbUrl;

    @Option(names = "--api-url", required = true, description = "the Bot API's base URL")
    URI apiUrl;

    @Option(names = "--token", required = true, description = "the bot's token")
    String token;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TelegramBridgeProcess()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HeapPeak heapPeak = HeapPeak.install();
        GcPauses gcPauses = GcPauses.install();
        Registration registration = RegistrationYaml.read(work.resolve("registration.yaml"));
        String yaml = """
                homeserver: {url: '%s', domain: %s}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: {url: '%s', user: mxbridge, password: mxbridge}
                bridge: {permissions: {'*': relay}}
                network:
                  token: '%s'
                  api_url: '%s'
                  poll_timeout: 30s
                  limits: {send_interval: 0ms, group_per_minute: 0}
                """.formatted(homeserver, domain, registration.url().orElseThrow().getPort(),
                dbUrl != null ? dbUrl : "jdbc:h2:file:" + work.resolve("bridge").toAbsolutePath(), token, apiUrl);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TelegramConnector connector = new TelegramConnector(Map.of(), Clock.systemUTC());
        try (Bridge bridge = Bridge.builder(ConfigYaml.parse(yaml, work, Map.of(), "telegram")).network(connector).start()) {
            connector.bind(bridge);
            out.println("port=" + bridge.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.trim().split(" ");
                out.println(switch (w[0]) {
                    case "heap" -> "heap " + (long) heapPeak.bytesAndReset() + " " + heapUsed() + " " + gcPauses.takeSummary();
                    case "gc" -> {
                        System.gc();
                        yield "gc " + heapUsed();
                    }
                    default -> "error unknown command " + w[0];
                });
            }
        }
        return 0;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
