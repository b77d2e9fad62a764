package dev.mxbridge.irc;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
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

/** The IRC bridge under test and its configuration, for the end-to-end tests. */
final class BridgeItSupport {
    private BridgeItSupport() {
    }

    /** The test's directory: {@code target/it/<name>}, on Dendrite {@code target/it/dendrite/<name>}. */
    static Path dir(String name) {
        try {
            Homeserver.Implementation on = Homeserver.configuredImplementation();
            Path base = on == Homeserver.Implementation.SYNAPSE ? Path.of("target", "it") : Path.of("target", "it", on.id());
            Path dir = base.resolve(name).toAbsolutePath();
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

    /** Polls the condition every 100 ms until it holds, or fails naming what was awaited. */
    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        dev.mxbridge.testkit.Await.until(what, timeout, condition);
    }
}
