package dev.mxbridge.slack;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.BridgeException;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Slack bridge's command line: {@code run}, {@code generate-registration}, {@code check-registration}, ... */
public final class SlackBridge {
    private SlackBridge() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        System.exit(BridgeCli.run("slack", args, config -> start(config, env),
                (config, out) -> new ConfigCheck(out).run(config, env) == 0));
    }

    /**
     * The Slack part of {@code check-config} alone ({@code check-config [-c FILE]}): whether Slack takes the
     * configured tokens and the bot has the scopes it needs ({@link ConfigCheck}). The core's {@code check-config}
     * runs it after its own checks (registration, homeserver, database).
     */
    static int checkConfig(String[] args, Map<String, String> env, PrintWriter out) {
        Path file = Path.of("config.yaml");
        for (int i = 1; i < args.length; i++) {
            if ((args[i].equals("-c") || args[i].equals("--config")) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                out.println("usage: check-config [-c FILE]   (default: config.yaml)");
                return 2;
            }
        }
        if (!Files.exists(file)) {
            out.println("error: config file " + file.toAbsolutePath() + " does not exist");
            return 1;
        }
        try {
            return new ConfigCheck(out).run(ConfigYaml.read(file, "slack"), env);
        } catch (BridgeException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
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
