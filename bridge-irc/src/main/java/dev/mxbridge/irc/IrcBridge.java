package dev.mxbridge.irc;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;

/** The IRC bridge's command line: {@code run}, {@code generate-registration}, {@code check-registration}, ... */
public final class IrcBridge {
    private IrcBridge() {
    }

    public static void main(String[] args) {
        System.exit(BridgeCli.run("irc", args, config -> Bridge.builder(config).network(new IrcConnector()).start()));
    }
}
