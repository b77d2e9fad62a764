package dev.mxbridge.irc;

import dev.mxbridge.core.config.ConfigYaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The {@code network:} section of the IRC bridge's config: one IRC server.
 *
 * @param server          how to reach it and how fast one connection may talk
 * @param nick            the bridge bot's nick (the relay, and the source of membership)
 * @param sasl            SASL PLAIN account of the bridge bot, if the network wants one
 * @param nickTemplate    Matrix users' puppet nicks; {@code {displayname}} and {@code {localpart}} are filled in
 * @param maxNickLength   nicks are cut to this many characters (the network's {@code NICKLEN})
 * @param quitDebounce    how long a QUIT that looks like a netsplit is held back, waiting for the user to rejoin
 * @param connectInterval the pause between two puppet connects (servers drop connects that come too fast)
 * @param maxPuppets      at most this many puppet connections; users beyond it are relayed
 * @param maxLines        Matrix messages with more lines (or a code block) go to IRC as a link to a text file
 * @param mediaUrlBase    where IRC users download uploaded files: {@code <base>/<server>/<media id>}; without it
 *                        long messages are sent line by line
 * @param requireMatrixJoined IRC messages reach a portal only while every Matrix member's puppet is in the channel
 * @param idleTimeout     a puppet without Matrix activity for this long quits (zero: never)
 * @param sendTimeout     how long one attempt to send waits for the connection to be in the channel (the core
 *                        retries the message, then tells the sender it was not delivered)
 * @param channels        which channels may be bridged at all
 * @param mappings        static links: channel (lower case) to the Matrix rooms it is linked to at every start
 * @param ident           where the ident server listens, if it is on
 * @param ranksToMatrix   whether ops and voice of a Matrix user's own connection set their power level in the
 *                        channel's portals (50 and 1; room admins are left alone)
 * @param link            the server link, if the bridge links into the network as a server ({@link LinkConfig})
 *
 * <p>{@code capabilities} (in {@link IrcNetwork}) lists the IRCv3 capabilities the bridge bot asks for where the
 * server offers them, by default {@link #DEFAULT_CAPABILITIES}; an empty list turns CAP negotiation off. Puppets ask
 * only for those of {@link #PUPPET_CAPABILITIES} among them.
 */
record IrcConfig(IrcNetwork server, String nick, Optional<Sasl> sasl, String nickTemplate, int maxNickLength,
                 Duration quitDebounce, Duration connectInterval, int maxPuppets, int maxLines,
                 Optional<String> mediaUrlBase, boolean requireMatrixJoined, Duration idleTimeout,
                 Duration sendTimeout, ChannelRules channels, Map<String, List<String>> mappings,
                 Optional<java.net.InetSocketAddress> ident, boolean ranksToMatrix, Optional<LinkConfig> link) {

    /** What the bridge makes use of where offered; see the package documentation for what each does. */
    static final List<String> DEFAULT_CAPABILITIES = List.of("server-time", "message-tags", "echo-message",
            "multi-prefix", "away-notify", "account-notify", "extended-join", "account-tag", "cap-notify",
            "draft/relaymsg");

    /** What a puppet's own connection uses: the time and id of its private messages, and delivery confirmation. */
    static final java.util.Set<String> PUPPET_CAPABILITIES = java.util.Set.of("server-time", "message-tags",
            "echo-message", "cap-notify");

    /** The capabilities a puppet connection asks for: the configured ones it has use for. */
    List<String> puppetCapabilities() {
        return server.capabilities().stream().filter(PUPPET_CAPABILITIES::contains).toList();
    }

    /** SASL PLAIN credentials. */
    record Sasl(String username, String password) {
    }

    /** Reads the section, reporting every problem at once. */
    static IrcConfig parse(JsonNode network) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(network, problems);
        String host = r.required("host");
        boolean tls = r.optional("tls", false, Boolean::parseBoolean);
        int port = r.optional("port", tls ? 6697 : 6667, Integer::parseInt);
        Optional<String> password = r.text("password");
        Duration delay = r.optional("message_delay", Duration.ofMillis(500), ConfigYaml::duration);
        String nick = r.optional("nick", "mxbridge", IrcText::word);
        Optional<String> saslUser = r.text("sasl_username");
        Optional<String> saslPassword = r.text("sasl_password");
        if (saslUser.isPresent() != saslPassword.isPresent()) {
            problems.add("network.sasl_username and network.sasl_password go together");
        }
        String template = r.optional("nick_template", "{displayname}[m]", Function.identity());
        if (!template.contains("{displayname}") && !template.contains("{localpart}")) {
            problems.add("network.nick_template must contain {displayname} or {localpart}");
        }
        int maxNick = r.optional("max_nick_length", 30, Integer::parseInt);
        Duration debounce = r.optional("quit_debounce", Duration.ofSeconds(30), ConfigYaml::duration);
        Duration interval = r.optional("puppet_connect_interval", Duration.ofMillis(200), ConfigYaml::duration);
        int maxPuppets = r.optional("max_puppets", 1000, Integer::parseInt);
        int maxLines = r.optional("max_lines", 3, Integer::parseInt);
        Optional<String> mediaUrlBase = r.text("media_url_base").map(String::strip);
        boolean requireMatrixJoined = r.optional("require_matrix_joined", true, IrcConfig::bool);
        boolean ranksToMatrix = r.optional("puppet_ranks_to_matrix", false, IrcConfig::bool);
        Duration idleTimeout = r.optional("idle_timeout", Duration.ofHours(24), ConfigYaml::duration);
        Duration sendTimeout = r.optional("send_timeout", Duration.ofSeconds(20), ConfigYaml::duration);
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            problems.add("network.send_timeout must be positive: " + sendTimeout);
        }
        ChannelRules channels = new ChannelRules(r.list("channels", "allow"), r.list("channels", "deny"));
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        r.node().path("mappings").properties().forEach(e -> {
            Optional<String> channel = IrcNames.channel(e.getKey());
            List<String> rooms = new ArrayList<>();
            (e.getValue().isArray() ? e.getValue().values() : List.of(e.getValue())).forEach(v -> rooms.add(v.asString("")));
            if (channel.isEmpty()) {
                problems.add("network.mappings: " + e.getKey() + " is not a channel name");
            } else if (rooms.stream().anyMatch(room -> !room.matches("![^:\\s]+(:\\S+)?"))) {
                problems.add("network.mappings." + e.getKey() + ": room ids look like !abc:example.org (or !abc from room version 12 on), not " + rooms);
            } else {
                channels.refusal(channel.get()).ifPresent(why -> problems.add("network.mappings: " + why));
                mappings.put(channel.get(), List.copyOf(rooms));
            }
        });
        Optional<java.net.InetSocketAddress> ident = Optional.empty();
        if (r.node().has("ident")) {
            Reader identReader = new Reader(r.node().path("ident"), problems);
            int identPort = identReader.optional("port", 113, Integer::parseInt);
            if (identPort < 0 || identPort > 65535) {
                problems.add("network.ident.port must be 0 to 65535: " + identPort);
            } else {
                ident = Optional.of(new java.net.InetSocketAddress(identReader.optional("bind", "0.0.0.0", Function.identity()),
                        identPort));
            }
        }
        if (idleTimeout.isNegative()) {
            problems.add("network.idle_timeout must not be negative: " + idleTimeout);
        }
        if (maxLines < 1) {
            problems.add("network.max_lines must be at least 1: " + maxLines);
        }
        mediaUrlBase.filter(u -> !u.startsWith("https://") && !u.startsWith("http://")).ifPresent(u ->
                problems.add("network.media_url_base must be an http(s) URL: " + u));
        if (maxNick < 9) {
            problems.add("network.max_nick_length must be at least 9 (RFC 1459): " + maxNick);
        }
        if (maxPuppets < 0) {
            problems.add("network.max_puppets must not be negative: " + maxPuppets);
        }
        List<String> capabilities = r.list("capabilities", DEFAULT_CAPABILITIES);
        Optional<LinkConfig> link = r.node().has("link") && !r.node().path("link").isNull()
                ? Optional.ofNullable(LinkConfig.parse(r.node().path("link"), host, port, problems)) : Optional.empty();
        IrcNetwork server = null;
        try {
            server = host == null ? null : new IrcNetwork(host, port, tls, password, delay, capabilities);
        } catch (IllegalArgumentException e) {
            problems.add("network: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IrcBridgeException("invalid IRC configuration: " + String.join("; ", problems));
        }
        return new IrcConfig(server, nick, saslUser.map(u -> new Sasl(u, saslPassword.orElseThrow())), template,
                maxNick, debounce, interval, maxPuppets, maxLines, mediaUrlBase, requireMatrixJoined, idleTimeout,
                sendTimeout, channels, Map.copyOf(mappings), ident, ranksToMatrix, link);
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("true or false, not " + value);
        };
    }

    private record Reader(JsonNode node, List<String> problems) {
        String required(String key) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                problems.add("network." + key + " is required");
            }
            return value.orElse(null);
        }

        /** A list of words, or the fallback if the key is missing. */
        List<String> list(String key, List<String> fallback) {
            JsonNode value = node.path(key);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isArray()) {
                problems.add("network." + key + " must be a list");
                return fallback;
            }
            List<String> words = new ArrayList<>();
            for (JsonNode item : value) {
                String word = item.asString("").strip();
                if (word.isEmpty() || word.chars().anyMatch(c -> c <= ' ')) {
                    problems.add("network." + key + " entries must be single words: '" + word + "'");
                } else {
                    words.add(word);
                }
            }
            return words;
        }

        /** A list of strings at {@code outer.inner}; a single string counts as a list of one. */
        List<String> list(String outer, String inner) {
            JsonNode value = node.path(outer).path(inner);
            List<String> out = new ArrayList<>();
            if (value.isArray()) {
                value.values().forEach(v -> out.add(v.asString("")));
            } else if (value.isString()) {
                out.add(value.asString());
            } else if (!value.isMissingNode() && !value.isNull()) {
                problems.add("network." + outer + "." + inner + " must be a list of channel patterns");
            }
            return out;
        }

        Optional<String> text(String key) {
            JsonNode value = node.path(key);
            return value.isMissingNode() || value.isNull() || value.asString("").isBlank()
                    ? Optional.empty() : Optional.of(value.asString());
        }

        <T> T optional(String key, T fallback, Function<String, T> parse) {
            Optional<String> value = text(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return parse.apply(value.get().trim());
            } catch (RuntimeException e) {
                problems.add("network." + key + ": " + e.getMessage());
                return fallback;
            }
        }
    }
}
