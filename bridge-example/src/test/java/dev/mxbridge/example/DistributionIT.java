package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Distribution;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example (echo) bridge's distribution as an operator meets it: the tarball from {@code scripts/package} unpacked
 * into an empty directory, {@code bin/example generate-registration}, {@code check-config} and {@code run} against
 * Synapse until {@code /ready}, and an echo through it. The IRC bridge's {@code DistributionIT} also covers the
 * bundled runtime, the launcher's Java and collector choice and JSON logs.
 */
class DistributionIT {
    static final Path DIR = ItSupport.dir("distribution");
    static final int PORT = TestPorts.free();
    static final Distribution dist = unpackAndGenerateRegistration();

    @RegisterExtension
    static final Homeserver hs = Homeserver.synapse().registration(dist.home().resolve("registration.yaml")).build();

    @Test
    void theUnpackedTarballChecksItsConfigAndRunsUntilReadyAndBridges() throws Exception {
        writeConfig(hs.baseUrl());
        Distribution.Result checked = dist.run(Map.of(), "check-config", "-c", "config.yaml");
        assertThat(checked.output()).contains("ok: registration", "ok: homeserver");
        assertThat(checked.code()).as(checked.output()).isZero();

        Path log = DIR.resolve("bridge.log");
        Process bridge = dist.start(Map.of(), log, "run", "-c", "config.yaml");
        try {
            Distribution.awaitReady(PORT, bridge, Duration.ofSeconds(60));
            TestUser alice = hs.registerUser();
            String room = alice.createRoom();
            alice.invite(room, "@_example_bot:localhost");
            ItSupport.await("the bot to join", Duration.ofSeconds(30),
                    () -> alice.joinedMembers(room).containsKey("@_example_bot:localhost"));
            alice.sendText(room, "hello from the tarball");
            alice.awaitEvent(room, e -> e.path("content").path("body").asString().equals("echo: hello from the tarball"),
                    Duration.ofSeconds(30));
        } finally {
            assertThat(Distribution.stop(bridge)).as("the bridge stops on SIGTERM; see " + log).isTrue();
        }
        assertThat(dist.home().resolve("LICENSE")).content().contains("Apache License");
        assertThat(dist.home().resolve("mxbridge-example.service")).content().contains("bin/example run");
    }

    private static Distribution unpackAndGenerateRegistration() {
        Distribution unpacked = Distribution.unpack("example", DIR);
        writeConfig(unpacked.home(), URI.create("http://127.0.0.1:1")); // Synapse's URL is known once it runs
        unpacked.run(Map.of(), "generate-registration", "-c", "config.yaml").requireSuccess();
        return unpacked;
    }

    private static void writeConfig(URI homeserver) {
        writeConfig(dist.home(), homeserver);
    }

    private static void writeConfig(Path home, URI homeserver) {
        try {
            Files.writeString(home.resolve("config.yaml"), BridgeUnderTest.baseConfigYaml(homeserver, PORT, Path.of("./data/bridge")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
