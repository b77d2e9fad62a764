package dev.mxbridge.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigYamlTest {
    private static final Path BASE = Path.of("/etc/bridge");

    @Test
    void aMinimalConfigGetsDefaultsResolvedAgainstItsFolder() {
        BridgeConfig c = ConfigYaml.parse("homeserver: {url: 'http://127.0.0.1:8008', domain: localhost}", BASE, Map.of(), "irc");
        assertThat(c.appservice().registration()).isEqualTo(Path.of("/etc/bridge/registration.yaml"));
        assertThat(c.appservice().port()).isEqualTo(29300);
        assertThat(c.appservice().id()).isEqualTo("irc");
        assertThat(c.appservice().botLocalpart()).isEqualTo("_irc_bot");
        assertThat(c.appservice().userPrefix()).isEqualTo("_irc_");
        assertThat(c.appservice().url()).hasToString("http://127.0.0.1:29300");
        assertThat(c.appservice().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.database().url()).isEqualTo("jdbc:h2:file:/etc/bridge/data/bridge");
        assertThat(c.client().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.network().isMissingNode()).isTrue();
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        assertThatThrownBy(() -> ConfigYaml.parse("""
                homeserver: {url: 'ftp://x'}
                appservice: {port: 70000}
                journal: {retry_max: soon, max_attempts: 0}
                """, BASE, Map.of(), "irc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("homeserver.url: 'ftp://x' must be an http or https URL")
                .hasMessageContaining("homeserver.domain is required")
                .hasMessageContaining("appservice.port: '70000' must be a port number from 0 to 65535")
                .hasMessageContaining("journal.retry_max: 'soon' not a duration")
                .hasMessageContaining("journal.max_attempts: '0' must be a positive whole number");
    }

    @Test
    void secretsCanComeFromTheEnvironmentAndAreNotPrinted() {
        String yaml = "homeserver: {url: 'http://h', domain: d}\ndatabase: {url: 'jdbc:postgresql://db/b', password_env: DBPW}";
        BridgeConfig c = ConfigYaml.parse(yaml, BASE, Map.of("DBPW", "hunter2"), "irc");
        assertThat(c.database().password()).isEqualTo("hunter2");
        assertThat(c.database().toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> ConfigYaml.parse(yaml, BASE, Map.of(), "irc"))
                .hasMessageContaining("database.password_env names environment variable DBPW, which is not set");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(ConfigYaml.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigYaml.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigYaml.duration("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }
}
