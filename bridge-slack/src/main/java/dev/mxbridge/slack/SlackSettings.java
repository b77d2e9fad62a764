package dev.mxbridge.slack;

import dev.mxbridge.core.config.ConfigYaml;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The {@code network:} section of the Slack bridge's config: one Slack app installed in one workspace.
 *
 * @param botToken       the bot token ({@code xoxb-…}), for everything the bridge does through the Web API
 * @param appToken       the app-level token ({@code xapp-…}, scope {@code connections:write}), for Socket Mode
 * @param mode           how events arrive: {@link Mode#SOCKET} (default) or the {@link Mode#EVENTS} API over HTTP
 * @param signingSecret  the app's signing secret, which signs Events API requests (required for {@code events})
 * @param aliasTemplate  portal aliases, {@code #_slack_{team}_{channel}} by default: {@code {team}} is the
 *                       workspace's domain, {@code {channel}} the channel's name
 * @param publicBaseUrl  where Slack can reach this bridge from outside (the Events API request URL's base), if any
 * @param apiUrl         the Web API's base, {@code https://slack.com/api/} (tests point it at a fake)
 * @param virtualUsers   whether Matrix users without a login appear under their own name and avatar (needs
 *                       {@code chat:write.customize}); off: plain relay with the core's relay format
 * @param queueLimit     how many messages may wait for one channel before further ones are refused
 * @param maxRetryAfter  the longest {@code Retry-After} a send waits for; a longer one fails the send
 * @param reconnectMin   the first wait before a Socket Mode reconnect; doubled per failure
 * @param reconnectMax   the longest wait between reconnect attempts
 * @param maxFileSize    larger files are not copied in either direction; a notice says so
 * @param clientId       the app's OAuth client id, for puppeting logins (with a public base URL)
 * @param clientSecret   the app's OAuth client secret
 * @param authorizeUrl   Slack's OAuth v2 authorize page
 * @param userScopes     the user scopes a login asks for, comma-separated
 * @param backfill       how much history a new portal gets, and how fast it is asked for
 * @param customEmojiImages whether custom workspace emoji reach Matrix as their images ({@code custom_emoji: image})
 *                       rather than {@code :name:} ({@code name}, the default)
 * @param sync           which channels are bridged, and team sync: portals for every allowed channel the bot is in or
 *                       that is created
 */
record SlackSettings(String botToken, String appToken, Mode mode, String signingSecret, String aliasTemplate,
                     Optional<URI> publicBaseUrl,
                     String apiUrl, boolean virtualUsers, int queueLimit, Duration maxRetryAfter,
                     Duration reconnectMin, Duration reconnectMax, long maxFileSize, String clientId,
                     String clientSecret, String authorizeUrl, String userScopes, BackfillRules backfill,
                     Sync sync, boolean customEmojiImages) {

    static final String DEFAULT_USER_SCOPES = "channels:history,channels:read,channels:write,chat:write,files:read,"
            + "files:write,groups:history,groups:read,groups:write,im:history,im:read,im:write,mpim:history,mpim:read,mpim:write,"
            + "reactions:read,reactions:write,users:read";

    /**
     * Which channels are bridged ({@code allow_channels}, {@code deny_channels}), and whether they get portals as they
     * appear ({@code team_sync}).
     *
     * @param enabled whether channels get portals as they appear (default off: portals are made when someone joins
     *                or on a channel's first message)
     * @param allow   channel names ({@code #} optional) or ids that may be bridged; empty: all
     * @param deny    channel names or ids that are never bridged; wins over {@code allow}
     */
    record Sync(boolean enabled, List<String> allow, List<String> deny) {
        Sync {
            allow = allow.stream().map(Sync::normal).toList();
            deny = deny.stream().map(Sync::normal).toList();
        }

        /** Whether the channel of this id and name may be bridged at all. */
        boolean bridgeable(String id, String name) {
            boolean listed = allow.isEmpty() || allow.contains(id) || allow.contains(name);
            return listed && !deny.contains(id) && !deny.contains(name);
        }

        /** Whether team sync takes the channel of this id and name. */
        boolean allows(String id, String name) {
            return enabled && bridgeable(id, name);
        }

        private static String normal(String entry) {
            return entry.trim().replaceFirst("^#", "");
        }
    }

    /**
     * A new portal's history: {@code conversations.history} pages, newest first, then the replies of the threads among
     * them ({@code conversations.replies}), every request at least {@code interval} after the previous one (all portals
     * together). The core asks while the homeserver may wait on the portal's alias, so the bridge waits at most
     * {@code maxWait} for a request's turn; a request later than that is not made and the portal gets what was read.
     *
     * @param limit    top-level messages at most ({@code backfill_limit}, default 15; 0: no history); as many replies
     *                 at most per thread
     * @param pageSize messages per request ({@code backfill_page_size}, default 15: Slack's cap outside the Marketplace)
     * @param threads  whether threads' replies are read too ({@code backfill_threads}, default true)
     * @param interval the least time between two history requests ({@code backfill_interval}, default 0s; 60s for
     *                 an app outside the Marketplace)
     * @param maxWait  the longest wait for a request's turn ({@code backfill_wait}, default 2s)
     */
    record BackfillRules(int limit, int pageSize, boolean threads, Duration interval, Duration maxWait) {
        BackfillRules {
            if (pageSize < 1 || pageSize > 999) {
                throw new IllegalArgumentException("backfill_page_size must be 1 to 999, got " + pageSize);
            }
        }
    }

    /** How events reach the bridge. */
    enum Mode { SOCKET, EVENTS }

    static final String DEFAULT_ALIAS_TEMPLATE = "#_slack_{team}_{channel}";

    /** Reads the section, reporting every problem at once; {@code env} supplies {@code *_env} secrets. */
    static SlackSettings parse(JsonNode network, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(network, env, problems);
        String bot = r.secret("bot_token");
        if (bot.isEmpty()) {
            problems.add("network.bot_token (or bot_token_env) is required");
        }
        Mode mode = r.optional("mode", Mode.SOCKET, v -> Mode.valueOf(v.toUpperCase(Locale.ROOT)));
        String app = r.secret("app_token");
        String signing = r.secret("signing_secret");
        if (mode == Mode.SOCKET && app.isEmpty()) {
            problems.add("network.app_token (or app_token_env) is required for mode: socket");
        }
        if (mode == Mode.EVENTS && signing.isEmpty()) {
            problems.add("network.signing_secret (or signing_secret_env) is required for mode: events");
        }
        String template = r.optional("alias_template", DEFAULT_ALIAS_TEMPLATE, Function.identity());
        if (!template.startsWith("#") || !template.contains("{channel}")) {
            problems.add("network.alias_template must start with # and contain {channel}");
        }
        SlackSettings settings = new SlackSettings(bot, app, mode, signing,
                template,
                r.optional("public_base_url", Optional.empty(), v -> Optional.of(URI.create(v))),
                r.optional("api_url", "https://slack.com/api/", v -> v.endsWith("/") ? v : v + "/"),
                r.optional("virtual_users", true, Boolean::parseBoolean),
                r.optional("queue_limit", 100, Integer::parseInt),
                r.optional("max_retry_after", Duration.ofSeconds(60), ConfigYaml::duration),
                r.optional("reconnect_min", Duration.ofSeconds(1), ConfigYaml::duration),
                r.optional("reconnect_max", Duration.ofSeconds(60), ConfigYaml::duration),
                r.optional("max_file_size", 50L * 1024 * 1024, Long::parseLong),
                r.optional("client_id", "", Function.identity()),
                r.secret("client_secret"),
                r.optional("authorize_url", "https://slack.com/oauth/v2/authorize", Function.identity()),
                r.optional("user_scopes", DEFAULT_USER_SCOPES, Function.identity()),
                backfill(r, problems),
                new Sync(r.optional("team_sync", false, Boolean::parseBoolean), r.list("allow_channels"), r.list("deny_channels")),
                r.optional("custom_emoji", false, SlackSettings::emojiImages));
        if (!problems.isEmpty()) {
            throw new SlackBridgeException("the network section has problems: " + String.join("; ", problems));
        }
        return settings;
    }

    private static BackfillRules backfill(Reader r, List<String> problems) {
        int pageSize = r.optional("backfill_page_size", 15, Integer::parseInt);
        if (pageSize < 1 || pageSize > 999) {
            problems.add("network.backfill_page_size must be 1 to 999");
            pageSize = 15;
        }
        return new BackfillRules(r.optional("backfill_limit", 15, Integer::parseInt), pageSize,
                r.optional("backfill_threads", true, Boolean::parseBoolean),
                r.optional("backfill_interval", Duration.ZERO, ConfigYaml::duration),
                r.optional("backfill_wait", Duration.ofSeconds(2), ConfigYaml::duration));
    }

    private static boolean emojiImages(String value) {
        return switch (value) {
            case "image" -> true;
            case "name" -> false;
            default -> throw new IllegalArgumentException("must be image or name");
        };
    }

    /** Reads keys of the section, collecting problems. */
    private record Reader(JsonNode root, Map<String, String> env, List<String> problems) {
        <T> T optional(String key, T fallback, Function<String, T> parse) {
            JsonNode node = root.path(key);
            if (node.isMissingNode() || node.isNull() || node.asString().isBlank()) {
                return fallback;
            }
            try {
                return parse.apply(node.asString());
            } catch (IllegalArgumentException e) {
                problems.add("network." + key + ": '" + node.asString() + "' " + e.getMessage());
                return fallback;
            }
        }

        /** A YAML list, or one comma-separated string; empty if absent. */
        List<String> list(String key) {
            JsonNode node = root.path(key);
            List<String> out = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(item -> out.add(item.asString()));
            } else if (!node.isMissingNode() && !node.isNull()) {
                for (String item : node.asString().split(",")) {
                    out.add(item);
                }
            }
            return out.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        String secret(String key) {
            String variable = optional(key + "_env", "", Function.identity());
            if (!variable.isEmpty()) {
                String value = env.get(variable);
                if (value == null || value.isBlank()) {
                    problems.add("network." + key + "_env names environment variable " + variable + ", which is not set");
                    return "";
                }
                return value;
            }
            return optional(key, "", Function.identity());
        }
    }
}
