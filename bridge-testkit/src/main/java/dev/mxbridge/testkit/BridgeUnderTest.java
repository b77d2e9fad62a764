package dev.mxbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The bridge under test and the servers it talks to, as one JUnit 5 extension on a static field: before the test
 * class it writes the bridge's application-service registration, starts the homeserver that loads it (and any other
 * server the bridge needs, such as an {@link IrcServer}), then starts the bridge from a config file's text through
 * your {@code start} function; afterwards it stops them in reverse order.
 *
 * <pre>{@code
 * static final Path DIR = Path.of("target/it/mine");
 * static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
 *
 * @RegisterExtension
 * static final BridgeUnderTest<Bridge> bridge = BridgeUnderTest.<Bridge>builder("mynet", DIR, hs)
 *         .network("api_url: http://127.0.0.1:1234")
 *         .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml(), setup.dir(), Map.of(), "mynet"))
 *                 .network(new MyNetwork()).start());
 *
 * @Test
 * void hello() {
 *     TestUser alice = bridge.user("Alice");
 *     String room = alice.join("#_mynet_lobby:localhost");
 *     ...
 * }
 * }</pre>
 *
 * <p>The registration gives the bridge the namespaces {@code @_<network>_.*} and {@code #_<network>_.*} and the bot
 * {@code @_<network>_bot}, the defaults of a bridge built on mxbridge; the config sets the homeserver, a free AS port,
 * a fresh H2 database under {@code dir}, short retry and timeout settings, and permissions ({@code '*': relay},
 * {@code localhost: user}, {@code @admin:localhost: admin}). The test kit does not depend on the bridge's core, so
 * the bridge is any {@link AutoCloseable} your function returns.
 *
 * @param <B> what {@code start} returns: the running bridge
 */
public final class BridgeUnderTest<B extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String network;
    private final Path dir;
    private final Homeserver homeserver;
    private final List<Server> servers;
    private final Supplier<String> networkYaml;
    private final String extraYaml;
    private final Function<Setup, B> starter;
    private final int port = TestPorts.free();
    private final String database = "db-" + UUID.randomUUID();
    private final String asToken = token();
    private final String hsToken = token();
    private Optional<B> bridge = Optional.empty();

    /** A server's two callbacks, whatever its type. */
    private record Server(Callback before, Callback after) {
        interface Callback {
            void run(ExtensionContext context) throws Exception;
        }
    }

    /**
     * What the bridge is started with.
     *
     * @param dir        the test's folder: the registration, the config's relative paths and the database are here
     * @param configYaml the config file's text
     * @param homeserver the homeserver's URL
     * @param port       the port the bridge's AS API must listen on (the registration's url)
     */
    public record Setup(Path dir, String configYaml, URI homeserver, int port) {
    }

    private BridgeUnderTest(Builder<B> builder, Function<Setup, B> starter) {
        this.network = builder.network;
        this.dir = builder.dir;
        this.homeserver = builder.homeserver;
        this.servers = List.copyOf(builder.servers);
        this.networkYaml = builder.networkYaml;
        this.extraYaml = builder.extraYaml;
        this.starter = starter;
    }

    /**
     * Starts describing the bridge of network {@code network} (lowercase, the prefix of its users and aliases), kept
     * in {@code dir}, on {@code homeserver}, which must load {@code dir/registration.yaml}.
     */
    public static <B extends AutoCloseable> Builder<B> builder(String network, Path dir, Homeserver homeserver) {
        return new Builder<>(network, dir, homeserver);
    }

    /** Configures a {@link BridgeUnderTest}. */
    public static final class Builder<B extends AutoCloseable> {
        private final String network;
        private final Path dir;
        private final Homeserver homeserver;
        private final List<Server> servers = new ArrayList<>();
        private Supplier<String> networkYaml = () -> "";
        private String extraYaml = "";

        private Builder(String network, Path dir, Homeserver homeserver) {
            if (!network.matches("[a-z][a-z0-9]*")) {
                throw new IllegalArgumentException("network must match [a-z][a-z0-9]*, got " + network);
            }
            this.network = network;
            this.dir = dir.toAbsolutePath();
            this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        }

        /**
         * Another server the bridge needs, such as an {@link IrcServer} or a {@code FakeSlack}, started after the
         * homeserver (and any server added before it) and stopped before it. Do not register it as an extension too.
         */
        public <S extends BeforeAllCallback & AfterAllCallback> Builder<B> server(S server) {
            servers.add(new Server(server::beforeAll, server::afterAll));
            return this;
        }

        /** An {@link IrcServer}, as the generic {@code server}; kept so that test classes compiled against it still link. */
        public Builder<B> server(IrcServer server) {
            servers.add(new Server(server::beforeAll, server::afterAll));
            return this;
        }

        /** The config's {@code network:} section, as YAML lines; asked for when the servers run. */
        public Builder<B> network(Supplier<String> yamlLines) {
            this.networkYaml = yamlLines;
            return this;
        }

        /** The config's {@code network:} section, as YAML lines. */
        public Builder<B> network(String yamlLines) {
            return network(() -> yamlLines);
        }

        /** More top-level config sections, as YAML lines (a key given here must not be one the kit writes). */
        public Builder<B> config(String yamlLines) {
            this.extraYaml = yamlLines;
            return this;
        }

        /** The extension, starting the bridge with {@code start}. */
        public BridgeUnderTest<B> start(Function<Setup, B> start) {
            return new BridgeUnderTest<>(this, start);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        writeRegistration();
        homeserver.beforeAll(context);
        for (Server server : servers) {
            server.before().run(context);
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).after().run(context);
        }
        homeserver.afterAll(context);
    }

    /** Starts the bridge (again, on the same database and port, after {@link #stop()}). */
    public synchronized void start() {
        if (bridge.isEmpty()) {
            bridge = Optional.of(starter.apply(new Setup(dir, configYaml(), homeserver.baseUrl(), port)));
        }
    }

    /** Stops the bridge, as SIGTERM would; the servers keep running. */
    public synchronized void stop() {
        bridge.ifPresent(b -> {
            try {
                b.close();
            } catch (Exception e) {
                throw new TestKitException("stopping the bridge failed: " + e.getMessage(), e);
            }
        });
        bridge = Optional.empty();
    }

    /** The running bridge. */
    public synchronized B bridge() {
        return bridge.orElseThrow(() -> new IllegalStateException("the bridge is not running"));
    }

    /** The homeserver. */
    public Homeserver homeserver() {
        return homeserver;
    }

    /** A new user on the homeserver with this display name. */
    public TestUser user(String displayName) {
        TestUser user = homeserver.registerUser();
        user.setDisplayName(displayName);
        return user;
    }

    /** The registration's {@code as_token}: what the bridge acts with, e.g. to read as its bot in a test. */
    public String asToken() {
        return asToken;
    }

    /** The registration's {@code hs_token}: what the homeserver sends transactions with. */
    public String hsToken() {
        return hsToken;
    }

    /** The bridge's AS API port. */
    public int port() {
        return port;
    }

    /** The test's folder. */
    public Path dir() {
        return dir;
    }

    /** The config text the bridge is started with. */
    public String configYaml() {
        String networkLines = networkYaml.get().lines().map(l -> "  " + l + "\n").collect(Collectors.joining());
        return baseConfigYaml(homeserver.baseUrl(), port, dir.resolve(database))
                + extraYaml + (extraYaml.isEmpty() || extraYaml.endsWith("\n") ? "" : "\n")
                + (networkLines.isEmpty() ? "" : "network:\n" + networkLines);
    }

    /**
     * The config sections the kit writes, for a bridge started some other way: the homeserver, the AS API on
     * {@code port} with {@code registration.yaml} beside the config, an H2 database at {@code database}, short retries
     * and timeouts, and the test permissions.
     */
    public static String baseConfigYaml(URI homeserver, int port, Path database) {
        return """
                homeserver: {url: '%s', domain: localhost}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: {url: 'jdbc:h2:file:%s'}
                journal: {retry_initial: 200ms, retry_max: 2s}
                client: {connect_timeout: 2s, request_timeout: 5s, max_retry_time: 2m}
                bridge: {permissions: {'*': relay, localhost: user, '@admin:localhost': admin}}
                """.formatted(homeserver, port, database);
    }

    private void writeRegistration() {
        String yaml = """
                id: "%1$s"
                url: "http://127.0.0.1:%2$d"
                as_token: "%3$s"
                hs_token: "%4$s"
                sender_localpart: "_%1$s_bot"
                namespaces:
                  users:
                  - exclusive: true
                    regex: "@_%1$s_.*:localhost"
                  aliases:
                  - exclusive: true
                    regex: "#_%1$s_.*:localhost"
                  rooms: []
                rate_limited: false
                receive_ephemeral: true
                de.sorunome.msc2409.push_ephemeral: true
                """.formatted(network, port, asToken, hsToken);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("registration.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registration in " + dir, e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
