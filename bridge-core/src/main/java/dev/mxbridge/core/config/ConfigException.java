package dev.mxbridge.core.config;

import dev.mxbridge.core.BridgeException;
import java.util.List;

/** A configuration file that cannot be used; the message lists every problem, one per line. */
public final class ConfigException extends BridgeException {
    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }
}
