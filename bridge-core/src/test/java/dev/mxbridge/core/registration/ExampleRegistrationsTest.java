package dev.mxbridge.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commented example registrations in {@code registrations/} stay valid. */
class ExampleRegistrationsTest {
    @ParameterizedTest
    @ValueSource(strings = {"irc", "slack", "telegram"})
    void exampleRegistrationIsValidAndClaimsItsNamespace(String network) {
        Registration r = RegistrationYaml.read(Path.of("..", "registrations", network + ".yaml"));
        assertThat(r.validate()).isEmpty();
        assertThat(r.id()).isEqualTo(network);
        assertThat(r.isBridgeUser("@_" + network + "_alice:example.org", "example.org")).isTrue();
        assertThat(r.ownsAlias("#_" + network + "_general:example.org")).isTrue();
        assertThat(r.receiveEphemeral()).isTrue();
        assertThat(r.rateLimited()).isFalse();
    }
}
