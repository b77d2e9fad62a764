package dev.mxbridge.example;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.Homeserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Registration, configuration and waiting helpers shared by the end-to-end tests. */
final class ItSupport {
    private ItSupport() {
    }

    static int freePort() {
        return dev.mxbridge.testkit.TestPorts.free();
    }

    /** A fresh registration for the example bridge on {@code port}, written to {@code dir/registration.yaml}. */
    static Registration registration(Path dir, int port) {
        Registration r = Registration.builder().id("example").url(URI.create("http://127.0.0.1:" + port))
                .senderLocalpart("_example_bot").exclusiveUsers("_example_", "localhost").exclusiveAliases("_example_", "localhost").build();
        RegistrationYaml.write(r, dir.resolve("registration.yaml"));
        return r;
    }

    /** The test's folder: {@code target/it/NAME}, or {@code target/it/dendrite/NAME} when the tests run on Dendrite. */
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

    /** The config text the example bridge runs with in these tests: short timeouts, a fresh H2 database. */
    static String configYaml(URI homeserver, int port, Path database) {
        return dev.mxbridge.testkit.BridgeUnderTest.baseConfigYaml(homeserver, port, database);
    }

    static BridgeConfig config(Path dir, URI homeserver, int port, String dbName) {
        return dev.mxbridge.core.config.ConfigYaml.parse(configYaml(homeserver, port, dir.resolve(dbName)), dir,
                java.util.Map.of(), "example");
    }

    /** The example bridge under test on {@code hs} (which must load {@code dir/registration.yaml}), bridging {@code network}. */
    static dev.mxbridge.testkit.BridgeUnderTest<dev.mxbridge.core.Bridge> bridge(Path dir, dev.mxbridge.testkit.Homeserver hs,
                                                                                  dev.mxbridge.core.network.NetworkConnector network) {
        return dev.mxbridge.testkit.BridgeUnderTest.<dev.mxbridge.core.Bridge>builder("example", dir, hs)
                .start(setup -> dev.mxbridge.core.Bridge.builder(dev.mxbridge.core.config.ConfigYaml.parse(setup.configYaml(),
                        setup.dir(), java.util.Map.of(), "example")).network(network).start());
    }

    /** {@link #await} for lambdas that cannot throw checked exceptions. */
    static void awaitUnchecked(String what, Duration timeout, BooleanSupplier condition) {
        dev.mxbridge.testkit.Await.until(what, timeout, condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        dev.mxbridge.testkit.Await.until(what, timeout, condition);
    }
}
