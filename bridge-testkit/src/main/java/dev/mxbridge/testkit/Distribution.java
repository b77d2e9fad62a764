package dev.mxbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A bridge's distribution as an operator installs it: {@code scripts/package --no-build <bridge>} packs what the
 * module's build left in {@code target/} (its jar and {@code target/lib}, made at {@code package}, before the ITs),
 * and the tarball is unpacked into an empty directory. {@link #run} and {@link #start} call {@code bin/<bridge>} there
 * with a clean environment: {@code PATH=/usr/bin:/bin}, {@code JAVA_HOME} the test's JDK, plus what the test gives.
 *
 * <pre>{@code
 * Distribution dist = Distribution.unpack("telegram", DIR);
 * dist.run(Map.of(), "generate-registration", "-c", "config.yaml").requireSuccess();
 * Process bridge = dist.start(Map.of(), DIR.resolve("bridge.log"), "run", "-c", "config.yaml");
 * Distribution.awaitReady(port, bridge, Duration.ofSeconds(60));
 * }</pre>
 */
public final class Distribution {
    private final String bridge;
    private final Path home;

    private Distribution(String bridge, Path home) {
        this.bridge = bridge;
        this.home = home;
    }

    /** Packages the bridge (no runtime: fast) and unpacks it into {@code dir/operator}; {@code dir} is emptied first. */
    public static Distribution unpack(String bridge, Path dir) {
        try {
            deleteRecursively(dir);
            Path root = Path.of(System.getProperty("mxbridge.root", "..")).toAbsolutePath().normalize();
            Path dist = dir.resolve("dist");
            exec(new ProcessBuilder("bash", root.resolve("scripts/package").toString(), "--no-build", "--out",
                    dist.toString(), bridge));
            Path tarball;
            try (Stream<Path> files = Files.list(dist)) {
                tarball = files.filter(f -> f.toString().endsWith(".tar.gz")).findFirst()
                        .orElseThrow(() -> new TestKitException("scripts/package made no tarball in " + dist));
            }
            Path operator = Files.createDirectories(dir.resolve("operator"));
            exec(new ProcessBuilder("tar", "-xzf", tarball.toString()).directory(operator.toFile()));
            try (Stream<Path> dirs = Files.list(operator)) {
                return new Distribution(bridge, dirs.findFirst().orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the tarball was unpacked: {@code mxbridge-<bridge>-<version>/}. */
    public Path home() {
        return home;
    }

    /** What a command printed (standard output and error) and its exit code. */
    public record Result(int code, String output) {
        /** This result, if the command succeeded. */
        public Result requireSuccess() {
            if (code != 0) {
                throw new TestKitException("the launcher exited with " + code + ": " + output);
            }
            return this;
        }
    }

    /** Runs {@code bin/<bridge> args} in {@link #home()} to its end. */
    public Result run(Map<String, String> env, String... args) {
        try {
            Process p = launcher(env, args).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException("interrupted", e);
        }
    }

    /** Starts {@code bin/<bridge> args} in {@link #home()}, its output to {@code log}. */
    public Process start(Map<String, String> env, Path log, String... args) {
        try {
            return launcher(env, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the bridge on {@code port} answers {@code /ready} with 200, failing if the process ends first. */
    public static void awaitReady(int port, Process bridge, Duration timeout) {
        Await.until("/ready on port " + port + " to answer 200", timeout, () -> !bridge.isAlive() || ready(port) == 200);
        if (!bridge.isAlive()) {
            throw new TestKitException("the bridge exited with " + bridge.exitValue() + " before it was ready");
        }
    }

    /** Stops the bridge as systemd would (SIGTERM) and waits for it to exit; returns whether it did within 30 s. */
    public static boolean stop(Process bridge) throws InterruptedException {
        bridge.destroy();
        return bridge.waitFor(30, TimeUnit.SECONDS);
    }

    /** The body of {@code path} on the bridge's AS API port ({@code /metrics}, {@code /ready}). */
    public static String get(int port, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException("interrupted", e);
        }
    }

    private ProcessBuilder launcher(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(bridge).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return pb;
    }

    private static int ready(int port) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void exec(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new TestKitException(String.join(" ", pb.command()) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
