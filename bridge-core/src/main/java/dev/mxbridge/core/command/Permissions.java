package dev.mxbridge.core.command;


import dev.mxbridge.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Who may use the bridge, and how much: a table from Matrix user ids, server names and {@code *} to
 * {@link PermissionLevel}s, consulted for every command and for bridging at all. In YAML:
 * <pre>
 * permissions:
 *   "*": relay
 *   example.org: user
 *   "@admin:example.org": admin
 * </pre>
 * (user ids must be quoted in YAML, because {@code @} cannot start a plain scalar).
 *
 * <p>The most specific entry wins: an exact user id, then the user id's server name (everything after the first
 * {@code :}, compared exactly, port included), then {@code *}. A user no entry matches has
 * {@link PermissionLevel#NONE}.
 * Immutable and thread-safe.
 */
public final class Permissions {
    private static final String WILDCARD = "*";
    // A DNS name, IPv4 address or bracketed IPv6 literal, with an optional port: the server-name grammar of the spec.
    private static final Pattern SERVER_NAME = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");
    private static final Pattern USER_ID = Pattern.compile("@[^:\\s]+:" + SERVER_NAME.pattern());

    private final Map<String, PermissionLevel> entries;

    private Permissions(Map<String, PermissionLevel> entries) {
        this.entries = entries;
    }

    /** Nobody may use the bridge. */
    public static Permissions none() {
        return new Permissions(Map.of());
    }

    /**
     * A table from user ids, server names and {@code *} to levels.
     *
     * @throws ConfigException listing every key that is none of these
     */
    public static Permissions of(Map<String, PermissionLevel> entries) {
        List<String> problems = new ArrayList<>();
        entries.forEach((key, level) -> {
            Objects.requireNonNull(level, "level");
            checkKey(key).ifPresent(problems::add);
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Permissions(Map.copyOf(entries));
    }

    /**
     * Reads the {@code permissions} section of the config: an object from keys to level names. A missing or null
     * section means nobody may use the bridge.
     *
     * @throws ConfigException listing every bad entry by its key
     */
    public static Permissions fromConfig(JsonNode section) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return none();
        }
        if (!section.isObject()) {
            throw new ConfigException("permissions must map user ids, server names or * to levels");
        }
        List<String> problems = new ArrayList<>();
        Map<String, PermissionLevel> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : section.properties()) {
            String key = entry.getKey();
            Optional<String> keyProblem = checkKey(key);
            if (keyProblem.isPresent()) {
                problems.add(keyProblem.get());
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isString()) {
                problems.add("permissions.\"" + key + "\": must be one of none, relay, user, admin");
                continue;
            }
            try {
                entries.put(key, PermissionLevel.fromConfigName(value.stringValue()));
            } catch (IllegalArgumentException e) {
                problems.add("permissions.\"" + key + "\": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Permissions(Map.copyOf(entries));
    }

    /** The level of a Matrix user id; {@link PermissionLevel#NONE} for anything that is not one. */
    public PermissionLevel levelOf(String mxid) {
        int colon = mxid.indexOf(':');
        if (!mxid.startsWith("@") || colon < 2 || colon == mxid.length() - 1) {
            return PermissionLevel.NONE;
        }
        PermissionLevel level = entries.get(mxid);
        if (level == null) {
            level = entries.get(mxid.substring(colon + 1));
        }
        if (level == null) {
            level = entries.getOrDefault(WILDCARD, PermissionLevel.NONE);
        }
        return level;
    }

    /** Whether {@code mxid} has at least {@code required}. */
    public boolean allows(String mxid, PermissionLevel required) {
        return levelOf(mxid).atLeast(required);
    }

    /** Why {@code key} is not a user id, server name or {@code *}; empty if it is one. */
    private static Optional<String> checkKey(String key) {
        if (key.equals(WILDCARD) || SERVER_NAME.matcher(key).matches() || USER_ID.matcher(key).matches()) {
            return Optional.empty();
        }
        String why;
        if (key.startsWith("@")) {
            why = "not a user id (@localpart:server)";
        } else if (key.contains("*")) {
            why = "patterns are not supported; use * alone, a server name or a user id";
        } else {
            why = "not a server name, user id or *";
        }
        return Optional.of("permissions.\"" + key + "\": " + why);
    }
}
