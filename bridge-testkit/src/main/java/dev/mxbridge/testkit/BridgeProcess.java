package dev.mxbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A bridge running as a process of its own, for tests that kill it: {@code java} with the test's class path runs a
 * main class, its output appended to a log, and {@link #start} returns once the bridge's AS port listens.
 * {@link #kill()} is SIGKILL (nothing flushed, nothing closed); {@link #close()} is SIGTERM, waiting for the exit.
 *
 * <p>With {@link BridgeUnderTest}, {@link #main} starts one from the setup, the config written to
 * {@code dir/config.yaml}:
 * <pre>{@code
 * @RegisterExtension
 * static final BridgeUnderTest<BridgeProcess> bridge = BridgeUnderTest.<BridgeProcess>builder("irc", DIR, hs)
 *         .start(BridgeProcess.main(IrcBridge.class, config -> List.of("run", "-c", config.toString())));
 * ...
 * bridge.bridge().kill();   // SIGKILL
 * bridge.stop();            // forget it
 * bridge.start();           // a new process, same database
 * }</pre>
 */
public final class BridgeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;

    private BridgeProcess(Process process) {
        this.process = process;
    }

    /**
     * Runs {@code main} with {@code args} on the test's class path, output appended to {@code log}, and waits until
     * something listens on {@code port}.
     */
    public static BridgeProcess start(Path log, int port, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            BridgeProcess bridge = new BridgeProcess(process);
            // started, not only listening: the AS API listens before the network has started, and a query then
            // (an alias) finds no portal yet
            Await.until("the bridge (" + main.getSimpleName() + ") to have started on port " + port + "; see " + log,
                    START_TIMEOUT, () -> !process.isAlive() || started(port));
            if (!process.isAlive()) {
                throw new TestKitException("the bridge exited with " + process.exitValue() + " at start; see " + log);
            }
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + main.getName(), e);
        }
    }

    /**
     * For {@link BridgeUnderTest.Builder#start}: writes the setup's config to {@code dir/config.yaml} and runs
     * {@code main} with the arguments {@code args} makes of that file, output appended to {@code dir/bridge.out}.
     */
    public static Function<BridgeUnderTest.Setup, BridgeProcess> main(Class<?> main, Function<Path, List<String>> args) {
        return setup -> {
            Path config = setup.dir().resolve("config.yaml");
            try {
                Files.writeString(config, setup.configYaml());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            return start(setup.dir().resolve("bridge.out"), setup.port(), main, args.apply(config));
        };
    }

    /** Whether {@code /ready} answers and no longer says the bridge is starting (it may be unready for another reason). */
    private static boolean started(int port) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return ready.statusCode() == 200 || ready.statusCode() == 503 && !ready.body().contains("is starting");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crash: returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself; returns whether it did within {@code timeout}. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(20))) {
                kill();
            }
        }
    }
}
