package dev.mxbridge.irc;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;

/** Registration and configuration for the IRC bridge's end-to-end tests (as bridge-example's, for id {@code irc}). */
final class BridgeItSupport {
    private BridgeItSupport() {
    }

    static int freePort() {
        return dev.mxbridge.testkit.TestPorts.free();
    }

    static Path dir(String name) {
        try {
            Path dir = Path.of("target", "it", name).toAbsolutePath();
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The IRC bridge under test on {@code hs} and {@code ircd}, with the network settings the tests share (no message
     * delay, a short quit debounce) and {@code moreNetwork} lines; {@code hs} must load {@code dir/registration.yaml}.
     */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, IrcServer ircd, Supplier<String> moreNetwork,
                                          Supplier<IrcConnector> connector) {
        return BridgeUnderTest.<Bridge>builder("irc", dir, hs).server(ircd)
                .network(() -> networkYaml(hs.baseUrl(), ircd.host(), ircd.port(), moreNetwork.get()))
                .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml(), setup.dir(), Map.of(), "irc"))
                        .network(connector.get()).start());
    }

    /** As above, with a new {@link IrcConnector}. */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, IrcServer ircd, String moreNetwork) {
        return bridge(dir, hs, ircd, () -> moreNetwork, IrcConnector::new);
    }

    /** The {@code network:} lines the tests share, then {@code moreNetwork}. */
    static String networkYaml(URI homeserver, String ircHost, int ircPort, String moreNetwork) {
        return """
                host: %s
                port: %d
                nick: mxbridge
                message_delay: 0ms
                quit_debounce: 6s
                puppet_connect_interval: 20ms
                media_url_base: '%s/_matrix/client/v1/media/download'
                """.formatted(ircHost, ircPort, homeserver) + moreNetwork;
    }

    /** A fresh registration for the IRC bridge on {@code port}, written to {@code dir/registration.yaml}. */
    static Registration registration(Path dir, int port) {
        Registration r = Registration.builder().id("irc").url(URI.create("http://127.0.0.1:" + port))
                .senderLocalpart("_irc_bot").prefixes("_irc_", "_irc_", "localhost").build();
        RegistrationYaml.write(r, dir.resolve("registration.yaml"));
        return r;
    }

    /** Short timeouts, a fresh H2 database, the test's ircd, no message delay and a short quit debounce. */
    static BridgeConfig config(Path dir, URI homeserver, int port, String ircHost, int ircPort, String database) {
        return config(dir, homeserver, port, ircHost, ircPort, database, "");
    }

    /** As above, with more lines ({@code key: value}, newline-separated) for the {@code network} section. */
    static BridgeConfig config(Path dir, URI homeserver, int port, String ircHost, int ircPort, String database,
                               String moreNetwork) {
        return ConfigYaml.parse(configYaml(dir, homeserver, port, ircHost, ircPort, database, moreNetwork), dir, Map.of(), "irc");
    }

    /** The text of {@link #config}, for a bridge run as a process of its own. */
    static String configYaml(Path dir, URI homeserver, int port, String ircHost, int ircPort, String database,
                             String moreNetwork) {
        return """
                homeserver: {url: '%s', domain: localhost}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: {url: 'jdbc:h2:file:%s'}
                journal: {retry_initial: 200ms, retry_max: 2s}
                client: {connect_timeout: 2s, request_timeout: 5s, max_retry_time: 2m}
                bridge: {permissions: {'*': relay, localhost: user, '@admin:localhost': admin}}
                network:
                  host: %s
                  port: %d
                  nick: mxbridge
                  message_delay: 0ms
                  quit_debounce: 6s
                  puppet_connect_interval: 20ms
                  media_url_base: '%s/_matrix/client/v1/media/download'
                """.formatted(homeserver, port, dir.resolve(database), ircHost, ircPort, homeserver)
                + moreNetwork.lines().map(l -> "  " + l + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** Polls the condition every 100 ms until it holds, or fails naming what was awaited. */
    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        dev.mxbridge.testkit.Await.until(what, timeout, condition);
    }
}
