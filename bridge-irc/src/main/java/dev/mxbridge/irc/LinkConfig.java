package dev.mxbridge.irc;

import dev.mxbridge.core.config.ConfigYaml;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The {@code network.link:} section: the bridge links into the IRC network as a server instead of opening a client
 * connection per Matrix user ({@link ServerLink}).
 *
 * <pre>{@code
 * link:
 *   protocol: rfc2813            # ngIRCd and the ircd-irc2 lineage; ts6 for hybrid, ratbox, charybdis, solanum
 *   server_name: matrix.example.org
 *   sid: 0MX                     # ts6 only: our server's id, a digit and two letters or digits
 *   send_password: ...           # the PASS we send; ngIRCd's MyPassword of the [Server] block
 *   accept_password: ...         # the PASS the ircd must send us; ngIRCd's PeerPassword
 *   host: irc.example.org        # default: network.host
 *   port: 6667                   # default: network.port
 * }</pre>
 *
 * @param protocol       the server protocol
 * @param serverName     our server's name on the network; Matrix users appear as {@code nick!user@serverName}
 * @param description    our server's description ({@code SERVER ... :description})
 * @param sendPassword   the link password we send
 * @param acceptPassword the link password the network's server must send back
 * @param host           the server we link to
 * @param port           its port
 * @param retryMin       the first pause before linking again after the link dropped; it doubles up to {@code retryMax}
 * @param retryMax       the longest pause between attempts
 * @param sid            our server's id in TS6 ({@code [0-9][A-Z0-9][A-Z0-9]}); empty for RFC 2813
 */
record LinkConfig(Protocol protocol, String serverName, String description, String sendPassword,
                  String acceptPassword, String host, int port, Duration retryMin, Duration retryMax, String sid) {
    private static final String SID = "[0-9][A-Z0-9]{2}";

    /** The server protocols the bridge speaks. */
    enum Protocol { RFC2813, TS6 }

    LinkConfig {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == Protocol.TS6 && !sid.matches(SID)) {
            throw new IllegalArgumentException("a TS6 server id is a digit and two capital letters or digits: " + sid);
        }
        serverName = IrcText.word(serverName);
        description = IrcText.clean(description);
        sendPassword = IrcText.word(sendPassword);
        acceptPassword = IrcText.word(acceptPassword);
    }

    @Override
    public String toString() { // no passwords in logs
        return "LinkConfig[" + protocol + " " + serverName + (sid.isEmpty() ? "" : " (" + sid + ")") + " to " + host + ":" + port + "]";
    }

    /** Reads the section; every problem goes to {@code problems}, prefixed with {@code network.link.}. */
    static LinkConfig parse(JsonNode node, String defaultHost, int defaultPort, List<String> problems) {
        if (!node.isObject()) {
            problems.add("network.link must be a mapping (protocol, server_name, send_password, accept_password)");
            return null;
        }
        int before = problems.size();
        String protocol = text(node, "protocol").orElse("");
        Protocol parsed = null;
        switch (protocol) {
            case "rfc2813" -> parsed = Protocol.RFC2813;
            case "ts6" -> parsed = Protocol.TS6;
            case "" -> problems.add("network.link.protocol is required: rfc2813 (ngIRCd) or ts6 (hybrid and kin)");
            default -> problems.add("network.link.protocol must be rfc2813 or ts6, not " + protocol);
        }
        String sid = text(node, "sid").orElse("");
        if (parsed == Protocol.TS6 && !sid.matches(SID)) {
            problems.add("network.link.sid is required for ts6: a digit and two capital letters or digits, e.g. 0MX"
                    + (sid.isEmpty() ? "" : ", not " + sid));
        } else if (parsed == Protocol.RFC2813 && !sid.isEmpty()) {
            problems.add("network.link.sid is for ts6 only");
        }
        String name = text(node, "server_name").orElse("");
        if (name.isEmpty()) {
            problems.add("network.link.server_name is required, e.g. matrix.example.org");
        } else if (!name.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+") || name.length() > 63) {
            problems.add("network.link.server_name must be a dotted host name of at most 63 characters: " + name);
        }
        String send = password(node, "send_password", problems);
        String accept = password(node, "accept_password", problems);
        if (text(node, "accept").filter(v -> !v.equals("false")).isPresent()) {
            problems.add("network.link.accept is not supported yet: the bridge connects to the IRC server");
        }
        String host = text(node, "host").orElse(defaultHost);
        int port = defaultPort;
        try {
            port = text(node, "port").map(Integer::parseInt).orElse(defaultPort);
            if (port < 1 || port > 65535) {
                problems.add("network.link.port must be 1 to 65535: " + port);
            }
        } catch (NumberFormatException e) {
            problems.add("network.link.port must be a number: " + text(node, "port").orElse(""));
        }
        Duration retryMin = duration(node, "retry_min", Duration.ofSeconds(1), problems);
        Duration retryMax = duration(node, "retry_max", Duration.ofMinutes(1), problems);
        if (retryMin.compareTo(retryMax) > 0) {
            problems.add("network.link.retry_min must not be longer than retry_max");
        }
        if (host == null || problems.size() > before) {
            return null;
        }
        return new LinkConfig(parsed, name, text(node, "description").orElse("Matrix"), send, accept, host, port,
                retryMin, retryMax, sid);
    }

    private static String password(JsonNode node, String key, List<String> problems) {
        String value = text(node, key).orElse("");
        if (value.isEmpty()) {
            problems.add("network.link." + key + " is required");
        } else if (!value.equals(IrcText.clean(value)) || value.contains(" ") || value.startsWith(":")) {
            problems.add("network.link." + key + " must be one word without line breaks, not starting with ':'");
        }
        return value;
    }

    private static Duration duration(JsonNode node, String key, Duration fallback, List<String> problems) {
        try {
            Duration d = text(node, key).map(ConfigYaml::duration).orElse(fallback);
            if (d.isNegative() || d.isZero()) {
                problems.add("network.link." + key + " must be positive: " + d);
                return fallback;
            }
            return d;
        } catch (RuntimeException e) {
            problems.add("network.link." + key + ": " + e.getMessage());
            return fallback;
        }
    }

    private static java.util.Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isMissingNode() || value.isNull() || value.asString("").isBlank()
                ? java.util.Optional.empty() : java.util.Optional.of(value.asString().strip());
    }
}
