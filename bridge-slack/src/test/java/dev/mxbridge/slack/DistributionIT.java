package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Distribution;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.slack.FakeSlack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Slack bridge's distribution as an operator meets it: the tarball from {@code scripts/package} unpacked into an
 * empty directory, {@code bin/slack generate-registration}, then {@code check-config} with the tokens in the
 * environment: the registration, Synapse taking the {@code as_token}, the database, and the test kit's fake Slack
 * taking both tokens with every scope the bridge needs.
 */
class DistributionIT {
    static final Path DIR = SlackItSupport.dir("distribution");
    static final int PORT = TestPorts.free();
    static final Distribution dist = unpackAndGenerateRegistration();

    @RegisterExtension
    static final Homeserver hs = Homeserver.synapse().registration(dist.home().resolve("registration.yaml")).build();

    @RegisterExtension
    static final FakeSlack slack = FakeSlack.create();

    @Test
    void theUnpackedTarballsCheckConfigPassesAgainstSynapseAndSlack() {
        writeConfig(dist.home(), hs.baseUrl(), slack.methodsUrl());
        Distribution.Result checked = dist.run(Map.of("SLACK_BOT_TOKEN", slack.botToken(), "SLACK_APP_TOKEN", slack.appToken()),
                "check-config", "-c", "config.yaml");

        assertThat(checked.output()).contains("ok: registration", "ok: homeserver",
                "ok: the bot token has every scope the bridge needs", "ok: the app-level token opens Socket Mode connections")
                .doesNotContain(slack.botToken(), slack.appToken());
        assertThat(checked.code()).as(checked.output()).isZero();
        assertThat(slack.calls("auth.test")).isNotEmpty();
    }

    private static Distribution unpackAndGenerateRegistration() {
        Distribution unpacked = Distribution.unpack("slack", DIR);
        writeConfig(unpacked.home(), URI.create("http://127.0.0.1:1"), "http://127.0.0.1:1/api/");
        unpacked.run(Map.of(), "generate-registration", "-c", "config.yaml").requireSuccess();
        return unpacked;
    }

    private static void writeConfig(Path home, URI homeserver, String slackApi) {
        try {
            Files.writeString(home.resolve("config.yaml"), BridgeUnderTest.baseConfigYaml(homeserver, PORT, Path.of("./data/bridge")) + """
                    network:
                      api_url: '%s'
                      bot_token_env: SLACK_BOT_TOKEN
                      app_token_env: SLACK_APP_TOKEN
                    """.formatted(slackApi));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
