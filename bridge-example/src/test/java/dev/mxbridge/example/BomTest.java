package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM an outside bridge imports names the versions this build is tested with, and this build's own version. */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String tag(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as("<%s> in the pom", name).isTrue();
        return m.group(1);
    }

    @Test
    void theBomsVersionsAreTheBuildsVersions() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        assertThat(tag(bom, "version")).isEqualTo(tag(parent, "version"));
        for (String property : List.of("logback.version", "junit.version", "assertj.version")) {
            assertThat(tag(bom, property)).as(property).isEqualTo(tag(parent, property));
        }
        assertThat(tag(Files.readString(ROOT.resolve("examples/outside/pom.xml")), "mxbridge.version"))
                .as("the outside example builds against this version").isEqualTo(tag(parent, "version"));
    }
}
