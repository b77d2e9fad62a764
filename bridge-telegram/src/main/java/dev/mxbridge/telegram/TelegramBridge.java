package dev.mxbridge.telegram;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;

/** The Telegram bridge's command line: {@code run}, {@code generate-registration}, {@code check-registration}, ... */
public final class TelegramBridge {
    private TelegramBridge() {
    }

    public static void main(String[] args) {
        System.exit(BridgeCli.run("telegram", args, config -> {
            TelegramConnector connector = new TelegramConnector();
            Bridge bridge = Bridge.builder(config).network(connector).start();
            connector.bind(bridge);
            return bridge;
        }));
    }
}
