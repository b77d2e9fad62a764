package dev.mxbridge.slack;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.config.BridgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Slack bridge's command line: {@code run}, {@code generate-registration}, {@code check-registration}, ... */
public final class SlackBridge {
    private SlackBridge() {
    }

    public static void main(String[] args) {
        System.exit(BridgeCli.run("slack", args, config -> start(config, System.getenv())));
    }

    /** Starts the bridge with the Slack network; {@code env} supplies the {@code *_env} secrets. */
    public static Bridge start(BridgeConfig config, Map<String, String> env) {
        SlackConnector connector = new SlackConnector(config.appservice().aliasPrefix(), config.homeserver().domain(), env,
                admins(config));
        Bridge bridge = Bridge.builder(config).network(connector).start();
        connector.attach(bridge);
        return bridge;
    }

    /** The user ids given {@code admin} in {@code bridge.permissions}: who hears of a dead bot token. */
    static List<String> admins(BridgeConfig config) {
        List<String> admins = new ArrayList<>();
        config.bridging().permissions().properties().forEach(entry -> {
            if (entry.getKey().startsWith("@") && entry.getValue().asString("").equals("admin")) {
                admins.add(entry.getKey());
            }
        });
        return admins;
    }
}
