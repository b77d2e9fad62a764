package dev.mxbridge.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the shell scripts that install and operate the servers. The copies under {@code scripts/} in the
 * mxbridge repository are the only ones; the jar carries them as resources for builds outside the repository.
 *
 * <p>Where: {@code scripts/} under the system property {@code mxbridge.root} if that holds them, else the jar's copy
 * extracted to {@code <build>/testkit-scripts}. The build directory (installs, data, logs) is the system property
 * {@code mxbridge.build}, else {@code <mxbridge.root>/build}, else {@code build} in the working directory.
 */
final class Scripts {
    static final List<String> NAMES = List.of("testkit-lib.sh", "synapse.sh", "dendrite.sh", "postgres.sh", "ircd.sh",
            "chromium.sh");
    private static final String RESOURCE_DIR = "/dev/mxbridge/testkit/scripts/";
    private static final int TAIL_LINES = 60;

    private final Optional<Path> repoRoot;
    private final Path buildDir;

    Scripts(Optional<Path> repoRoot, Path buildDir) {
        this.repoRoot = repoRoot;
        this.buildDir = buildDir.toAbsolutePath().normalize();
    }

    static Scripts fromSystemProperties() {
        Optional<Path> root = Optional.ofNullable(System.getProperty("mxbridge.root")).map(Path::of);
        Path build = Optional.ofNullable(System.getProperty("mxbridge.build")).map(Path::of)
                .orElseGet(() -> root.orElse(Path.of("")).resolve("build"));
        return new Scripts(root, build);
    }

    Path buildDir() {
        return buildDir;
    }

    /** The script to run: the repository's own, or the jar's copy extracted to the build directory. */
    synchronized Path locate(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown script " + name);
        }
        Optional<Path> inRepo = repoRoot.map(root -> root.resolve("scripts").resolve(name))
                .filter(Files::isRegularFile);
        if (inRepo.isPresent()) {
            return inRepo.get();
        }
        Path dir = buildDir.resolve("testkit-scripts");
        try {
            Files.createDirectories(dir);
            for (String script : NAMES) {
                extract(script, dir.resolve(script));
            }
        } catch (IOException e) {
            throw new TestKitException("could not extract the test kit scripts to " + dir, e);
        }
        return dir.resolve(name);
    }

    private static void extract(String name, Path target) throws IOException {
        byte[] content;
        try (InputStream in = Scripts.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new TestKitException("the test kit jar lacks " + RESOURCE_DIR + name);
            }
            content = in.readAllBytes();
        }
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        // Write aside and move, so that a concurrent build never runs a half-written script.
        Path temp = Files.createTempFile(target.getParent(), name, ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Runs a script and returns the {@code key=value} lines it printed on stdout. Its stderr is echoed to this
     * process's stderr as it comes, and its last lines go into the exception when the script fails or overruns.
     */
    Map<String, String> run(String script, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", locate(script).toString()));
        command.addAll(List.of(args));
        String description = script + " " + String.join(" ", args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MXB_BUILD_DIR", buildDir.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TestKitException("could not run " + description + " (is bash installed?)", e);
        }
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread stderr = Thread.ofVirtual().start(() -> forEachLine(process.getErrorStream(), line -> {
            System.err.println("[mxbridge-testkit " + script + "] " + line);
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                if (stderrTail.size() > TAIL_LINES) {
                    stderrTail.removeFirst();
                }
            }
        }));
        List<String> stdout = new ArrayList<>();
        Thread out = Thread.ofVirtual().start(() -> forEachLine(process.getInputStream(), stdout::add));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            out.join(Duration.ofSeconds(10));
            stderr.join(Duration.ofSeconds(10));
            if (!finished || process.exitValue() != 0) {
                String tail;
                synchronized (stderrTail) {
                    tail = String.join("\n", stderrTail);
                }
                throw new TestKitException(description + (finished ? " failed with exit code " + process.exitValue()
                        : " did not finish within " + timeout) + (tail.isEmpty() ? "" : ":\n" + tail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new TestKitException("interrupted while running " + description, e);
        }
        return parse(stdout);
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    static String require(Map<String, String> values, String key, String script) {
        String value = values.get(key);
        if (value == null) {
            throw new TestKitException(script + " printed no " + key + "= line; it printed " + values);
        }
        return value;
    }

    private static void forEachLine(InputStream in, java.util.function.Consumer<String> action) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                action.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
