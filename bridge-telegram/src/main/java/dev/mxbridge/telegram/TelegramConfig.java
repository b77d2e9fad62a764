package dev.mxbridge.telegram;

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
 * The {@code network:} section of the Telegram bridge's config (see {@code config.example.yaml}).
 *
 * @param token          the bot token from BotFather
 * @param apiUrl         where the Bot API is, e.g. {@code https://api.telegram.org} or a self-hosted server
 * @param webhook        webhook mode's settings; empty for long polling
 * @param pollTimeout    how long one {@code getUpdates} long poll waits on the server
 * @param relayFormat    Telegram HTML around a relayed message: {@code {displayname}}, {@code {userid}}, {@code {message}}
 * @param portalAlias    what follows the core's alias prefix in a public chat's portal alias
 * @param linkCodeTtl    how long a one-time link code is valid
 * @param downloadLimit  the largest file the bot may fetch (Telegram: 20 MB)
 * @param uploadLimit    the largest file the bot may send (Telegram: 50 MB)
 * @param sendInterval   the pause between two sends to one chat (Telegram: about one a second)
 * @param groupPerMinute sends to one group per minute (Telegram: about twenty)
 */
record TelegramConfig(String token, URI apiUrl, Optional<Webhook> webhook, Duration pollTimeout, String relayFormat,
                      PortalAlias portalAlias, Duration linkCodeTtl, long downloadLimit, long uploadLimit, Duration sendInterval,
                      int groupPerMinute) {

    /**
     * Webhook mode: Telegram posts to {@code /_mxbridge/telegram/webhook} on the bridge's listener.
     *
     * @param url    the public URL of that path, given to {@code setWebhook} (https, through your TLS proxy)
     * @param secret the {@code X-Telegram-Bot-Api-Secret-Token} Telegram must send (16-256 of A-Z a-z 0-9 _ -)
     */
    record Webhook(URI url, String secret) {
    }

    static TelegramConfig parse(JsonNode network, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String token = secret(network, "token", env, problems).orElse("");
        if (token.isEmpty() && problems.isEmpty()) {
            problems.add("network.token_env (or network.token) is required: the bot token from BotFather");
        }
        URI api = read(network, "api_url", "https://api.telegram.org", URI::create, problems);
        String mode = network.path("mode").asString("polling");
        Optional<Webhook> webhook = Optional.empty();
        if (mode.equals("webhook")) {
            JsonNode w = network.path("webhook");
            String secretValue = secret(w, "secret", env, problems).orElse("");
            if (!secretValue.matches("[A-Za-z0-9_-]{16,256}")) {
                problems.add("network.webhook.secret must be 16-256 of A-Z a-z 0-9 _ - (Telegram allows no others)");
            }
            if (!w.path("url").isString()) {
                problems.add("network.webhook.url is required in webhook mode: the public https URL Telegram posts to");
            }
            webhook = Optional.of(new Webhook(URI.create(w.path("url").asString("http://invalid/")), secretValue));
        } else if (!mode.equals("polling")) {
            problems.add("network.mode must be polling or webhook, not " + mode);
        }
        Duration pollTimeout = read(network, "poll_timeout", "30s", TelegramConfig::duration, problems);
        String relayFormat = network.path("relay_format").asString("<b>{displayname}</b>: {message}");
        if (!relayFormat.contains("{message}")) {
            problems.add("network.relay_format must contain {message}");
        }
        JsonNode limits = network.path("limits");
        TelegramConfig config = new TelegramConfig(token, api, webhook, pollTimeout, relayFormat,
                read(network, "portal_alias", "{username}", PortalAlias::parse, problems),
                read(network, "link_code_ttl", "10m", TelegramConfig::duration, problems),
                read(limits, "download", "20MB", TelegramConfig::size, problems),
                read(limits, "upload", "50MB", TelegramConfig::size, problems),
                read(limits, "send_interval", "1s", TelegramConfig::duration, problems),
                read(limits, "group_per_minute", "20", Integer::parseInt, problems));
        if (!problems.isEmpty()) {
            throw new TelegramException("the network section has problems: " + String.join("; ", problems));
        }
        return config;
    }

    private static Optional<String> secret(JsonNode node, String key, Map<String, String> env, List<String> problems) {
        if (node.path(key + "_env").isString()) {
            String name = node.path(key + "_env").asString();
            Optional<String> value = Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                problems.add(key + "_env names environment variable " + name + ", which is not set");
            }
            return value;
        }
        return Optional.of(node.path(key).asString("")).filter(v -> !v.isBlank());
    }

    private static <T> T read(JsonNode node, String key, String fallback, Function<String, T> parse,
                              List<String> problems) {
        String text = node.path(key).isMissingNode() || node.path(key).isNull() ? fallback : node.path(key).asString();
        try {
            return parse.apply(text.trim());
        } catch (RuntimeException e) {
            problems.add(key + " is not valid: " + text + Optional.ofNullable(e.getMessage())
                    .filter(m -> e instanceof IllegalArgumentException && !(e instanceof NumberFormatException))
                    .map(m -> " (" + m + ")").orElse(""));
            return parse.apply(fallback);
        }
    }

    static Duration duration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("unit must be ms, s, m or h");
        };
    }

    static long size(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (t.endsWith("MB")) {
            return Long.parseLong(t.substring(0, t.length() - 2)) * 1024 * 1024;
        }
        if (t.endsWith("KB")) {
            return Long.parseLong(t.substring(0, t.length() - 2)) * 1024;
        }
        return Long.parseLong(t);
    }
}
