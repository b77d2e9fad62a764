package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptsTest {
    // Surefire runs in the module directory; the canonical scripts are in the repository's scripts/.
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void withoutTheRepositoryTheJarsCopiesAreExtractedUnchanged(@TempDir Path build) throws IOException {
        Scripts scripts = new Scripts(Optional.empty(), build);
        Path synapse = scripts.locate("synapse.sh");
        assertThat(synapse.getParent()).isEqualTo(build.resolve("testkit-scripts"));
        for (String name : Scripts.NAMES) {
            assertThat(synapse.resolveSibling(name)).hasSameBinaryContentAs(REPO.resolve("scripts").resolve(name));
        }
    }

    @Test
    void inTheRepositoryItsScriptsAreUsedDirectly(@TempDir Path build) {
        Scripts scripts = new Scripts(Optional.of(REPO), build);
        assertThat(scripts.locate("postgres.sh")).isEqualTo(REPO.resolve("scripts/postgres.sh"));
        assertThat(build.resolve("testkit-scripts")).doesNotExist();
    }

    @Test
    void failingScriptRaisesWithItsErrorOutput(@TempDir Path build) {
        Scripts scripts = new Scripts(Optional.of(REPO), build);
        assertThatThrownBy(() -> scripts.run("synapse.sh", Duration.ofSeconds(30), "bogus"))
                .isInstanceOf(TestKitException.class)
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("usage: synapse.sh");
    }

    @Test
    void keyValueLinesAreParsedAndOtherLinesIgnored() {
        Map<String, String> values = Scripts.parse(List.of("url=http://127.0.0.1:1/?a=b", "noise", "=x", "pid=42"));
        assertThat(values).containsExactly(Map.entry("url", "http://127.0.0.1:1/?a=b"), Map.entry("pid", "42"));
        assertThat(Files.exists(REPO.resolve("scripts/testkit-lib.sh"))).isTrue();
    }
}
