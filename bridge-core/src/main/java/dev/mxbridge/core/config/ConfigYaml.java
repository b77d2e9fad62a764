package dev.mxbridge.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a {@link BridgeConfig} from YAML. Every key has a default except {@code homeserver.url} and
 * {@code homeserver.domain}; durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}.
 * Relative paths are resolved against the config file's folder.
 */
public final class ConfigYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private ConfigYaml() {
    }

    /**
     * Reads and checks a config file; every problem found is listed in one {@link ConfigException}.
     *
     * @param network the network module's name, the default for the AS id and the prefix of bot, ghosts and aliases
     */
    public static BridgeConfig read(Path file, String network) {
        try {
            return parse(Files.readString(file), file.toAbsolutePath().getParent(), System.getenv(), network);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file, e);
        }
    }

    /** Parses config text; {@code baseDir} resolves relative paths, {@code env} supplies {@code *_env} secrets. */
    public static BridgeConfig parse(String yaml, Path baseDir, Map<String, String> env, String network) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        Reader r = new Reader(root, env);
        var homeserver = new BridgeConfig.Homeserver(
                r.required("homeserver.url", ConfigYaml::uri),
                r.required("homeserver.domain", Function.identity()));
        String bind = r.optional("appservice.bind", "127.0.0.1", ConfigYaml::host);
        int port = r.optional("appservice.port", 29300, ConfigYaml::port);
        String prefix = "_" + network + "_";
        var appservice = new BridgeConfig.AppService(
                r.optional("appservice.id", network, Function.identity()),
                baseDir.resolve(r.optional("appservice.registration", "registration.yaml", Function.identity())),
                bind,
                port,
                r.optional("appservice.url", URI.create("http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port),
                        ConfigYaml::uri),
                r.optional("appservice.bot_localpart", prefix + "bot", Function.identity()),
                r.optional("appservice.user_prefix", prefix, Function.identity()),
                r.optional("appservice.alias_prefix", prefix, Function.identity()),
                r.optional("appservice.max_body_bytes", 10L * 1024 * 1024, ConfigYaml::positiveLong));
        String defaultDb = "jdbc:h2:file:" + baseDir.resolve("data").resolve("bridge").toAbsolutePath();
        var database = new BridgeConfig.Database(
                r.optional("database.url", defaultDb, Function.identity()),
                r.optional("database.user", "", Function.identity()),
                r.secret("database.password"),
                r.optional("database.max_pool_size", 10, ConfigYaml::positiveInt));
        var journal = new BridgeConfig.Journal(
                r.optional("journal.max_attempts", 5, ConfigYaml::positiveInt),
                r.optional("journal.retry_initial", Duration.ofMillis(500), ConfigYaml::duration),
                r.optional("journal.retry_max", Duration.ofSeconds(30), ConfigYaml::duration),
                r.optional("journal.max_queued_events", 100_000, ConfigYaml::positiveInt),
                r.optional("journal.transaction_retention", Duration.ofDays(7), ConfigYaml::duration),
                r.optional("journal.event_retention", Duration.ofDays(2), ConfigYaml::duration),
                new BridgeConfig.Repair(
                        r.optional("journal.repair.max_rooms", 1_000, ConfigYaml::nonNegativeInt),
                        r.optional("journal.repair.window", Duration.ofDays(1), ConfigYaml::duration),
                        r.optional("journal.repair.max_events", 1_000, ConfigYaml::positiveInt),
                        r.optional("journal.repair.settle", Duration.ofSeconds(10), ConfigYaml::duration)));
        var client = new BridgeConfig.Client(
                r.optional("client.connect_timeout", Duration.ofSeconds(5), ConfigYaml::duration),
                r.optional("client.request_timeout", Duration.ofSeconds(30), ConfigYaml::duration),
                r.optional("client.max_retry_time", Duration.ofMinutes(2), ConfigYaml::duration));
        JsonNode permissions = root.path("bridge").path("permissions");
        if (permissions.isMissingNode() || permissions.isNull()) {
            permissions = YAML.createObjectNode().put("*", "relay").put(String.valueOf(homeserver.domain()), "user");
        }
        java.util.Map<String, dev.mxbridge.core.secret.Secret> doublePuppet = new java.util.LinkedHashMap<>();
        root.path("bridge").path("double_puppet").path("secrets").properties()
                .forEach(e -> doublePuppet.put(e.getKey(), dev.mxbridge.core.secret.Secret.of(e.getValue().asString())));
        var bridging = new BridgeConfig.Bridging(
                r.optional("bridge.command_prefix", "!" + network, Function.identity()),
                permissions,
                r.optional("bridge.plumb_power_level", 50, Integer::parseInt),
                dev.mxbridge.core.secret.Secret.of(r.secret("bridge.secret_key")),
                baseDir.resolve(r.optional("bridge.secret_key_file", "secret.key", Function.identity())),
                doublePuppet,
                r.optional("bridge.relay_format", "<{displayname}> {message}", ConfigYaml::relayFormat),
                new BridgeConfig.Provisioning(r.optional("bridge.provisioning.enabled", true, ConfigYaml::bool),
                        dev.mxbridge.core.secret.Secret.of(r.secret("bridge.provisioning.shared_secret"))));
        if (!r.problems.isEmpty()) {
            throw new ConfigException(r.problems);
        }
        return new BridgeConfig(homeserver, appservice, database, journal, client, bridging, root.path("network"));
    }

    /** A host name or an IP address (IPv6 without brackets, as {@code ::}), as a listener binds to. */
    static String host(String text) {
        String host = text.trim();
        if (!host.matches("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("is not a host name or an IP address");
        }
        return host;
    }

    /** Parses {@code true} or {@code false} (YAML's yes/no/on/off too). */
    static boolean bool(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or an ISO-8601 duration. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (use e.g. 500ms, 30s, 5m, 2h, 7d)");
        }
    }

    private static String relayFormat(String text) {
        if (!text.contains("{message}")) {
            throw new IllegalArgumentException("must contain {message}");
        }
        return text;
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }

    private static int port(String text) {
        int port = Integer.parseInt(text);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("must be a port number from 0 to 65535");
        }
        return port;
    }

    private static int positiveInt(String text) {
        int n = Integer.parseInt(text);
        if (n <= 0) {
            throw new IllegalArgumentException("must be a positive whole number");
        }
        return n;
    }

    private static int nonNegativeInt(String text) {
        int n = Integer.parseInt(text);
        if (n < 0) {
            throw new IllegalArgumentException("must be a whole number, 0 or more");
        }
        return n;
    }

    private static long positiveLong(String text) {
        long n = Long.parseLong(text);
        if (n <= 0) {
            throw new IllegalArgumentException("must be a positive whole number");
        }
        return n;
    }

    /** Walks dotted keys, collecting every problem rather than stopping at the first. */
    private static final class Reader {
        final JsonNode root;
        final Map<String, String> env;
        final List<String> problems = new ArrayList<>();

        Reader(JsonNode root, Map<String, String> env) {
            this.root = root;
            this.env = env;
        }

        JsonNode node(String key) {
            JsonNode node = root;
            for (String part : key.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }

        <T> T required(String key, Function<String, T> parse) {
            JsonNode node = node(key);
            if (node.isContainer()) {
                problems.add(key + " must be a single value, not a list or a map");
                return null;
            }
            if (node.isMissingNode() || node.isNull() || node.asString().isBlank()) {
                problems.add(key + " is required");
                return null;
            }
            return convert(key, node.asString(), parse, null);
        }

        <T> T optional(String key, T fallback, Function<String, T> parse) {
            JsonNode node = node(key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (node.isContainer()) {
                problems.add(key + " must be a single value, not a list or a map");
                return fallback;
            }
            return convert(key, node.asString(), parse, fallback);
        }

        String secret(String key) {
            String fromEnv = optional(key + "_env", "", Function.identity());
            if (!fromEnv.isEmpty()) {
                String value = env.get(fromEnv);
                if (value == null) {
                    problems.add(key + "_env names environment variable " + fromEnv + ", which is not set");
                    return "";
                }
                return value;
            }
            return optional(key, "", Function.identity());
        }

        private <T> T convert(String key, String text, Function<String, T> parse, T fallback) {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                String why = e instanceof NumberFormatException ? "not a whole number" : e.getMessage();
                problems.add(key + ": '" + text + "' " + why);
                return fallback;
            }
        }
    }
}
