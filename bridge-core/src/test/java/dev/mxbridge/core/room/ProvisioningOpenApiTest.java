package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.web.WebRoute;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code docs/provisioning.openapi.yaml} describes exactly the routes the provisioning API serves. */
class ProvisioningOpenApiTest {
    private static final Path SPEC = Path.of("..", "docs", "provisioning.openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @TempDir
    Path dir;

    @Test
    void theOpenApiFileListsEveryRouteAndNoOther() throws Exception {
        BridgeConfig config = ConfigYaml.parse("""
                homeserver: {url: 'http://127.0.0.1:1', domain: example.org}
                database: {url: 'jdbc:h2:file:%s'}
                """.formatted(dir.resolve("bridge")), dir, Map.of(), "test");
        Set<String> served = new TreeSet<>();
        for (WebRoute route : new ProvisioningApi(null, null, config).routes()) {
            served.add(route.method().toUpperCase(Locale.ROOT) + " /" + route.path());
        }

        JsonNode spec = YAMLMapper.builder().build().readTree(SPEC.toFile());
        Set<String> documented = new TreeSet<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                assertThat(operation.getValue().path("responses").isObject())
                        .as("responses of %s %s", operation.getKey(), path.getKey()).isTrue();
            }
        }));

        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        assertThat(documented).isEqualTo(served);
    }
}
