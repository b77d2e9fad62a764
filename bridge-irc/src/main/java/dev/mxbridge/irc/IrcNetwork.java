package dev.mxbridge.irc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one IRC network, and how fast it lets one client talk.
 *
 * @param host          server host name or address
 * @param port          server port
 * @param tls           whether to connect with TLS
 * @param password      the server password ({@code PASS}), if the network wants one
 * @param messageDelay  the pause between two lines of one connection, the network's flood policy (PircBotX's
 *                      default of one second is far too slow for a local server and too fast for some networks)
 * @param capabilities  IRCv3 capabilities to request where offered; none means no CAP negotiation at all
 */
record IrcNetwork(String host, int port, boolean tls, Optional<String> password, Duration messageDelay,
                  List<String> capabilities) {

    IrcNetwork {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535: " + port);
        }
        Objects.requireNonNull(password, "password");
        if (messageDelay.isNegative()) {
            throw new IllegalArgumentException("message delay must not be negative: " + messageDelay);
        }
        capabilities = capabilities.stream().map(IrcText::word).toList();
    }

    /** Plain text, no password, no capabilities. */
    static IrcNetwork plain(String host, int port, Duration messageDelay) {
        return new IrcNetwork(host, port, false, Optional.empty(), messageDelay, List.of());
    }

    IrcNetwork withCapabilities(List<String> wanted) {
        return new IrcNetwork(host, port, tls, password, messageDelay, wanted);
    }
}
