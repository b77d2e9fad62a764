package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Distribution;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeTelegram;
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
 * The Telegram bridge's distribution as an operator meets it: the tarball from {@code scripts/package} unpacked into
 * an empty directory, {@code bin/telegram generate-registration}, then {@code run} with the bot token in the
 * environment ({@code token_env}) against Synapse and the test kit's fake Bot API until {@code /ready}; its
 * {@code /metrics} show updates coming in by polling, and the log holds no token.
 */
class DistributionIT {
    static final Path DIR = ItSupport.dir("distribution");
    static final int PORT = TestPorts.free();
    static final Distribution dist = unpackAndGenerateRegistration();

    @RegisterExtension
    static final Homeserver hs = Homeserver.synapse().registration(dist.home().resolve("registration.yaml")).build();

    @RegisterExtension
    static final FakeTelegram telegram = FakeTelegram.create();

    @Test
    void theUnpackedTarballRunsAgainstTheBotApiUntilReadyAndPolls() throws Exception {
        FakeBot bot = telegram.newBot("tarball_bot").create();
        writeConfig(dist.home(), hs.baseUrl(), telegram.baseUrl());
        Path log = DIR.resolve("bridge.log");
        Process bridge = dist.start(Map.of("TELEGRAM_BOT_TOKEN", bot.token()), log, "run", "-c", "config.yaml");
        try {
            Distribution.awaitReady(PORT, bridge, Duration.ofSeconds(60));
            Await.until("telegram_receiving{mode=\"polling\"} 1.0 on /metrics", Duration.ofSeconds(30),
                    () -> Distribution.get(PORT, "/metrics").lines()
                            .anyMatch(l -> l.equals("telegram_receiving{mode=\"polling\"} 1.0")));
            assertThat(Distribution.get(PORT, "/metrics")).contains("telegram_sends_total", "telegram_flood_waits_total");
        } finally {
            assertThat(Distribution.stop(bridge)).as("the bridge stops on SIGTERM; see " + log).isTrue();
        }
        assertThat(log).content().as("the log").contains("Telegram bot @tarball_bot").doesNotContain(bot.token());
    }

    private static Distribution unpackAndGenerateRegistration() {
        Distribution unpacked = Distribution.unpack("telegram", DIR);
        writeConfig(unpacked.home(), URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:1"));
        unpacked.run(Map.of(), "generate-registration", "-c", "config.yaml").requireSuccess();
        return unpacked;
    }

    private static void writeConfig(Path home, URI homeserver, URI botApi) {
        try {
            Files.writeString(home.resolve("config.yaml"), BridgeUnderTest.baseConfigYaml(homeserver, PORT, Path.of("./data/bridge")) + """
                    network:
                      token_env: TELEGRAM_BOT_TOKEN
                      api_url: '%s'
                      poll_timeout: 1s
                    """.formatted(botApi));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
