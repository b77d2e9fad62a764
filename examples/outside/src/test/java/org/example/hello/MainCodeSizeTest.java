package org.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the example what the guide promises: a whole bridge in at most 120 lines of code. */
class MainCodeSizeTest {

    @Test
    void theBridgeIsAtMost120LinesOfCode() throws IOException {
        long lines;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            lines = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"))
                    .count();
        }
        assertThat(lines).as("lines of code, without blank and comment lines").isLessThanOrEqualTo(120);
    }
}
