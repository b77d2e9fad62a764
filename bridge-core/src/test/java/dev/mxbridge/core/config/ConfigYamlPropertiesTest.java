package dev.mxbridge.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever an operator (or a bad template) puts in the config file, it is read or refused with a ConfigException. */
class ConfigYamlPropertiesTest {
    private static final List<String> KEYS = List.of("homeserver.url", "homeserver.domain", "appservice.port",
            "appservice.bind", "appservice.id", "database.url", "database.max_pool_size", "journal.max_attempts",
            "journal.retry_initial", "journal.event_retention", "journal.repair.max_rooms", "client.request_timeout",
            "bridge.permissions", "bridge.plumb_power_level", "bridge.relay_format", "bridge.provisioning.enabled",
            "bridge.double_puppet.secrets", "network");
    private static final List<String> VALUES = List.of("''", "x", "-1", "0", "99999999999999999999", "1.5", "true", "maybe",
            "5s", "PT1M", "7d", "[a, b]", "{a: 1}", "null", "~", "'{message}'", "'{displayname}'", "http://h", "ftp://x",
            "'jdbc:h2:file:/tmp/x'", "\"\\u0000\"", "&anchor x", "*anchor", "!!binary AAAA", "|\n  block", ">\n  folded",
            "{'*': relay}", "{'*': root}", "[]", "{}");

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<String> line = Combinators.combine(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).as((k, v) -> {
            String[] parts = k.split("\\.");
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                yaml.append(parts[i]).append(": {");
            }
            yaml.append(parts[parts.length - 1]).append(": ").append(v);
            yaml.append("}".repeat(parts.length - 1));
            return yaml.toString();
        });
        return line.list().ofMaxSize(6).map(lines -> String.join("\n", lines));
    }

    @Property(tries = 1_000)
    void anyConfigIsReadOrRefusedWithAConfigException(@ForAll("configs") String yaml) {
        try {
            BridgeConfig config = ConfigYaml.parse(yaml, Path.of("/tmp/mxbridge-config-test"), Map.of(), "test");
            assertThat(config.homeserver()).isNotNull();
        } catch (ConfigException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
