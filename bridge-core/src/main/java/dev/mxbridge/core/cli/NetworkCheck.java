package dev.mxbridge.core.cli;

import dev.mxbridge.core.config.BridgeConfig;
import java.io.PrintWriter;

/**
 * A network's part of {@code check-config}: it checks what only the network can (tokens against its API, scopes,
 * reachability), prints a line per check to {@code out}, and answers whether everything was well. Passed to
 * {@link BridgeCli#run(String, String[], java.util.function.Function, NetworkCheck)}.
 */
@FunctionalInterface
public interface NetworkCheck {
    /** No checks of the network's own. */
    NetworkCheck NONE = (config, out) -> true;

    boolean check(BridgeConfig config, PrintWriter out) throws Exception;
}
