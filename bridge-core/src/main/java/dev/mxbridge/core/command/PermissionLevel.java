package dev.mxbridge.core.command;

import java.util.Locale;

/**
 * What a Matrix user may do with the bridge, from nothing to everything. Levels are ordered: each includes the ones
 * below it, so a check is {@code level.atLeast(PermissionLevel.USER)}.
 */
public enum PermissionLevel {
    /** May not use the bridge: messages are not bridged and commands are refused. */
    NONE,
    /** Messages are bridged through the relay bot; no login of one's own. */
    RELAY,
    /** May log in to the remote network and link rooms. */
    USER,
    /** May run administrative commands. */
    ADMIN;

    /** Whether this level includes {@code required}. */
    public boolean atLeast(PermissionLevel required) {
        return compareTo(required) >= 0;
    }

    /** The name used in config files and messages: {@code none}, {@code relay}, {@code user} or {@code admin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The level with this config name, in any case.
     *
     * @throws IllegalArgumentException naming the accepted names if there is no such level
     */
    public static PermissionLevel fromConfigName(String name) {
        for (PermissionLevel level : values()) {
            if (level.configName().equalsIgnoreCase(name.strip())) {
                return level;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a permission level (use none, relay, user or admin)");
    }
}
