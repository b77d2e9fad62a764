package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code check-config} as an operator runs it before a start: the core's checks against a real Synapse, then the network's. */
class CheckConfigIT {
    static final Path DIR = ItSupport.dir("check-config");
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, new ExampleNetwork(new ExampleChat()));

    record Run(int code, String out) {
    }

    private static Run checkConfig(Path config, boolean networkOk) {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = BridgeCli.run("example", new String[] {"check-config", "-c", config.toString()},
                    c -> { throw new AssertionError("check-config must not start the bridge"); },
                    (c, out) -> {
                        out.println(networkOk ? "ok: the example chat" : "problem: the example chat is closed");
                        return networkOk;
                    });
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aGoodConfigPassesEveryCheckAndTheNetworksOwn() throws Exception {
        Path config = Files.writeString(DIR.resolve("config.yaml"), bridge.configYaml());
        Run run = checkConfig(config, true);
        assertThat(run.out()).contains("ok: registration", "ok: homeserver", "ok: the homeserver takes the as_token, as @_example_bot:localhost",
                "ok: H2 database", "ok: the example chat", "all checks passed");
        assertThat(run.code()).isZero();
    }

    @Test
    void aRefusedTokenAndANetworkProblemAreNamedAndFail() throws Exception {
        Path other = Files.createDirectories(DIR.resolve("other"));
        Files.writeString(other.resolve("registration.yaml"), Files.readString(DIR.resolve("registration.yaml"))
                .replaceFirst("as_token: \"[^\"]+\"", "as_token: \"not-the-token-synapse-knows-0123456789\""));
        Path config = Files.writeString(other.resolve("config.yaml"), bridge.configYaml());
        Run run = checkConfig(config, false);
        assertThat(run.out()).contains("problem: the homeserver refused the registration's as_token",
                "problem: the example chat is closed", "some checks failed");
        assertThat(run.code()).isEqualTo(1);
    }
}
