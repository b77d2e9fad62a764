package dev.mxbridge.bench;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.registration.Registration;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bridge under test of {@link IngestLoad}: a {@link Bridge} built through the public API as a bridge author
 * builds one (the real AS API, inbox, journal and store, the configuration defaults of {@code ConfigYaml}), with an
 * event handler that does nothing and no homeserver. Prints {@code port=N} once it listens and
 * stops cleanly when its standard input closes, so it never outlives the driver that started it.
 */
@Command(name = "noop-bridge", mixinStandardHelpOptions = true,
        description = "Runs the AS API, journal and store with a no-op handler until stdin closes.")
public final class NoopBridge implements Callable<Integer> {
    static final String DOMAIN = "bench.test";

    @Option(names = "--db-url", required = true, description = "jdbc:h2:file:... or jdbc:postgresql://...")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "")
    String dbPassword;

    @Option(names = "--hs-token", required = true)
    String hsToken;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NoopBridge()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        HeapPeak heapPeak = HeapPeak.install();
        Registration registration = Registration.builder().id("bench").hsToken(hsToken).senderLocalpart("_bench_bot")
                .exclusiveUsers("_bench_", DOMAIN).exclusiveAliases("_bench_", DOMAIN).build();
        Path dir = Files.createTempDirectory("noop-bridge");
        // No homeserver: the start-up check and the watch only log that it does not answer.
        BridgeConfig config = ConfigYaml.parse("""
                homeserver: {url: 'http://127.0.0.1:9', domain: %s}
                appservice: {bind: 127.0.0.1, port: 0}
                database: {url: %s, user: %s, password: %s, max_pool_size: 10}
                journal: {repair: {max_rooms: 0}}
                """.formatted(DOMAIN, quoted(dbUrl), quoted(dbUser), quoted(dbPassword)), dir, Map.of(), "bench");
        try (Bridge bridge = Bridge.builder(config).registration(registration).handler(b -> event -> { }).start()) {
            Gauge.builder("bench_heap_peak_bytes", heapPeak, HeapPeak::bytes)
                    .description("largest heap use seen at any garbage collection").register(bridge.metrics());
            System.out.println("port=" + bridge.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return 0;
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
