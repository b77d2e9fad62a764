package dev.mxbridge.irc;

import dev.mxbridge.core.config.ConfigYaml;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 *   host: irc.example.org        # default: network.host; when accepting, the only address a link may come from
 *   port: 6667                   # default: network.port
 *   accept: true                 # the ircd connects to us instead (default false) ...
 *   listen_port: 7000            # ... on this port
 *   listen_host: 0.0.0.0         # ... of this address (default 0.0.0.0)
 *   tls: true                    # TLS: connecting, the ircd's certificate checked by the JVM's trust ...
 *   tls_fingerprint: ab:cd:...   # ... or pinned: the SHA-256 of the ircd's certificate
 *   tls_keystore: link.p12       # accepting: our certificate and key (PKCS #12) ...
 *   tls_keystore_password: ...   # ... and its password
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
 * @param listenHost     where we listen for the ircd's link when it connects to us
 * @param listenPort     the port we listen on; 0: we connect to the ircd instead
 * @param tls            whether we speak TLS to the ircd
 * @param tlsFingerprint the SHA-256 of the ircd's certificate in lower-case hex, pinned; empty to check it against
 *                       the JVM's trusted authorities and {@code host} instead
 * @param tlsKeystore    accepting with TLS: the PKCS #12 file with our certificate and key; empty otherwise
 * @param tlsKeystorePassword its password
 */
record LinkConfig(Protocol protocol, String serverName, String description, String sendPassword,
                  String acceptPassword, String host, int port, Duration retryMin, Duration retryMax, String sid,
                  String listenHost, int listenPort, boolean tls, String tlsFingerprint, String tlsKeystore,
                  String tlsKeystorePassword) {
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

    /** A link for the connecting side, as most are. */
    LinkConfig(Protocol protocol, String serverName, String description, String sendPassword, String acceptPassword,
               String host, int port, Duration retryMin, Duration retryMax, String sid) {
        this(protocol, serverName, description, sendPassword, acceptPassword, host, port, retryMin, retryMax, sid,
                "0.0.0.0", 0, false, "", "", "");
    }

    /** Whether the ircd connects to us (we listen on {@link #listenPort}) rather than we to it. */
    boolean accepts() {
        return listenPort > 0;
    }

    @Override
    public String toString() { // no passwords in logs
        // no keystore password either
        return "LinkConfig[" + protocol + " " + serverName + (sid.isEmpty() ? "" : " (" + sid + ")")
                + (accepts() ? " accepting from " + host + " on " + listenHost + ":" + listenPort
                : " to " + host + ":" + port) + (tls ? " over TLS" : "") + "]";
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
        String acceptMode = text(node, "accept").orElse("false");
        int listenPort = 0;
        if (!acceptMode.equals("true") && !acceptMode.equals("false")) {
            problems.add("network.link.accept must be true or false: " + acceptMode);
        } else if (acceptMode.equals("true")) {
            listenPort = port(node, "listen_port", 0, problems);
            if (listenPort == 0 && text(node, "listen_port").isEmpty()) {
                problems.add("network.link.listen_port is required with accept: true");
            }
        } else if (text(node, "listen_port").isPresent()) {
            problems.add("network.link.listen_port is for accept: true");
        }
        String listenHost = text(node, "listen_host").orElse("0.0.0.0");
        String tlsMode = text(node, "tls").orElse("false");
        if (!tlsMode.equals("true") && !tlsMode.equals("false")) {
            problems.add("network.link.tls must be true or false: " + tlsMode);
        }
        String keystore = text(node, "tls_keystore").orElse("");
        String keystorePassword = text(node, "tls_keystore_password").orElse("");
        boolean accepting = acceptMode.equals("true");
        if (tlsMode.equals("true") && accepting && keystore.isEmpty()) {
            problems.add("network.link.tls_keystore is required for tls with accept: true (our certificate and key, "
                    + "PKCS #12)");
        } else if (!keystore.isEmpty() && !(tlsMode.equals("true") && accepting)) {
            problems.add("network.link.tls_keystore is for tls with accept: true");
        }
        String fingerprint = text(node, "tls_fingerprint").orElse("").replace(":", "").toLowerCase(Locale.ROOT);
        if (!fingerprint.isEmpty() && !fingerprint.matches("[0-9a-f]{64}")) {
            problems.add("network.link.tls_fingerprint must be a SHA-256 in hex (64 digits, colons allowed)");
        } else if (!fingerprint.isEmpty() && (!tlsMode.equals("true") || accepting)) {
            problems.add("network.link.tls_fingerprint is for tls: true when connecting");
        }
        String host = text(node, "host").orElse(defaultHost);
        int port = port(node, "port", defaultPort, problems);
        Duration retryMin = duration(node, "retry_min", Duration.ofSeconds(1), problems);
        Duration retryMax = duration(node, "retry_max", Duration.ofMinutes(1), problems);
        if (retryMin.compareTo(retryMax) > 0) {
            problems.add("network.link.retry_min must not be longer than retry_max");
        }
        if (host == null || problems.size() > before) {
            return null;
        }
        return new LinkConfig(parsed, name, text(node, "description").orElse("Matrix"), send, accept, host, port,
                retryMin, retryMax, sid, listenHost, listenPort, tlsMode.equals("true"), fingerprint, keystore,
                keystorePassword);
    }

    private static int port(JsonNode node, String key, int fallback, List<String> problems) {
        try {
            int port = text(node, key).map(Integer::parseInt).orElse(fallback);
            if (port < 1 || port > 65535) {
                problems.add("network.link." + key + " must be 1 to 65535: " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            problems.add("network.link." + key + " must be a number: " + text(node, key).orElse(""));
            return fallback;
        }
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
