package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guides' code is code that CI compiles: every {@code java} and {@code xml} block in the author's guides names
 * its source with {@code <!-- from: path -->} on the line before it, and its lines (indentation aside) appear in that
 * file in one run, where a line {@code // ...} in the block stands for lines left out.
 */
class DocsSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> GUIDES = List.of("docs/writing-a-bridge.md", "docs/using-mxbridge.md");
    private static final Pattern BLOCK = Pattern.compile("(?:<!-- from: (\\S+) -->\\n)?```(java|xml)\\n(.*?)```", Pattern.DOTALL);

    record Snippet(String guide, int line, String source, String code) {
    }

    static List<Snippet> snippets() throws IOException {
        List<Snippet> out = new ArrayList<>();
        for (String guide : GUIDES) {
            String text = Files.readString(ROOT.resolve(guide));
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.add(new Snippet(guide, line, m.group(1), m.group(3)));
            }
        }
        return out;
    }

    @Test
    void everyJavaAndXmlBlockOfTheGuidesNamesItsSource() throws IOException {
        assertThat(snippets()).isNotEmpty().allSatisfy(s -> assertThat(s.source())
                .as("%s line %d: a block without <!-- from: path -->", s.guide(), s.line()).isNotNull());
    }

    @Test
    void everyBlockIsFoundInItsSource() throws IOException {
        for (Snippet s : snippets()) {
            if (s.source() == null) {
                continue;
            }
            Path source = ROOT.resolve(s.source());
            assertThat(source).as("%s line %d", s.guide(), s.line()).exists();
            List<String> file = Files.readAllLines(source).stream().map(String::strip).toList();
            List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));
            for (String l : s.code().lines().map(String::strip).toList()) {
                if (l.equals("// ...")) {
                    parts.add(new ArrayList<>());
                } else if (!l.isEmpty()) {
                    parts.getLast().add(l);
                }
            }
            int from = 0;
            for (List<String> part : parts) {
                int at = find(file, part, from);
                assertThat(at).as("%s line %d: not in %s, in this order:%n%s", s.guide(), s.line(), s.source(),
                        String.join("\n", part)).isGreaterThanOrEqualTo(0);
                from = at + part.size();
            }
        }
    }

    /** Where {@code part} starts in {@code file} at or after {@code from}, blank lines of the file skipped; or -1. */
    private static int find(List<String> file, List<String> part, int from) {
        for (int start = from; start < file.size(); start++) {
            int i = start;
            int matched = 0;
            while (i < file.size() && matched < part.size()) {
                if (file.get(i).isEmpty()) {
                    i++;
                } else if (file.get(i).equals(part.get(matched))) {
                    i++;
                    matched++;
                } else {
                    break;
                }
            }
            if (matched == part.size()) {
                return start;
            }
        }
        return -1;
    }
}
