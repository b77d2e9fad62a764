package dev.mxbridge.bench;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.telegram.TelegramConnector;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    BridgeProcessOptions options;

    @Option(names = "--api-url", required = true, description = "the Bot API's base URL")
    URI apiUrl;

    @Option(names = "--token", required = true, description = "the bot's token")
    String token;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TelegramBridgeProcess()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BridgeProcessOptions.Heap heap = BridgeProcessOptions.watchHeap();
        String yaml = options.coreYaml() + """
                network:
                  token: '%s'
                  api_url: '%s'
                  poll_timeout: 30s
                  limits: {send_interval: 0ms, group_per_minute: 0}
                """.formatted(token, apiUrl);
        TelegramConnector connector = new TelegramConnector(Map.of(), Clock.systemUTC());
        try (Bridge bridge = Bridge.builder(ConfigYaml.parse(yaml, options.work, Map.of(), "telegram")).network(connector).start()) {
            connector.bind(bridge);
            BridgeProcessOptions.serve(bridge.port(), heap, w -> Optional.empty());
        }
        return 0;
    }
}
