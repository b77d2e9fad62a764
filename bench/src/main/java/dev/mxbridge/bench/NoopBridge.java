package dev.mxbridge.bench;

import dev.mxbridge.core.appservice.AppServiceServer;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.journal.Inbox;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bridge under test of {@link IngestLoad}: the real AS API, inbox, journal and store, with the configuration
 * defaults of {@code ConfigYaml} and an event handler that does nothing. Prints {@code port=N} once it listens and
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
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        Gauge.builder("bench_heap_peak_bytes", heapPeak, HeapPeak::bytes)
                .description("largest heap use seen at any garbage collection").register(metrics);

        Registration registration = Registration.builder().id("bench").hsToken(hsToken).senderLocalpart("_bench_bot")
                .prefixes("_bench_", "_bench_", DOMAIN).build();
        BridgeConfig.Journal journalConfig = new BridgeConfig.Journal(5, Duration.ofMillis(500), Duration.ofSeconds(30),
                100_000, Duration.ofDays(7), Duration.ofDays(2), BridgeConfig.Repair.off());
        try (Database db = Database.open(new BridgeConfig.Database(dbUrl, dbUser, dbPassword, 10));
             Journal journal = Journal.jdbc(db, journalConfig.transactionRetention(), journalConfig.eventRetention());
             Inbox inbox = new Inbox(journal, event -> { }, user -> registration.isBridgeUser(user, DOMAIN),
                     journalConfig, metrics)) {
            inbox.start();
            BridgeConfig.AppService as = BridgeConfig.AppService.of("bench", Path.of("registration.yaml"), "127.0.0.1",
                    0, 10L * 1024 * 1024);
            try (AppServiceServer server = new AppServiceServer(as, registration, inbox, QueryHandler.NONE,
                    db::isHealthy, metrics::scrape).start()) {
                System.out.println("port=" + server.port());
                System.out.flush();
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } finally {
            metrics.close();
        }
        return 0;
    }
}
