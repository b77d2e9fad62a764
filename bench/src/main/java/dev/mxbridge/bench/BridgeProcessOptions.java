package dev.mxbridge.bench;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * What every bridge under test ({@link BridgeProcess}, {@link TelegramBridgeProcess}) is started with, the core part of
 * its configuration, and its command loop on standard input.
 */
final class BridgeProcessOptions {
    @Option(names = "--homeserver", required = true, description = "the homeserver's URL")
    URI homeserver;

    @Option(names = "--domain", required = true, description = "the homeserver's server name")
    String domain;

    @Option(names = "--work", required = true, description = "directory with registration.yaml; the database goes there")
    Path work;

    @Option(names = "--db-url", description = "JDBC URL of the store (default: H2 in the work directory, with the "
            + "environment's MXB_H2_SETTINGS appended, e.g. ';CACHE_SIZE=2048' to try one)")
    String dbUrl;

    /** The configuration's homeserver, appservice, database and bridge sections, as a deployment would write them. */
    String coreYaml() throws IOException {
        Registration registration = RegistrationYaml.read(work.resolve("registration.yaml"));
        return """
                homeserver: {url: '%s', domain: %s}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: {url: '%s', user: mxbridge, password: mxbridge}
                bridge: {permissions: {'*': relay}}
                """.formatted(homeserver, domain, registration.url().orElseThrow().getPort(),
                dbUrl != null ? dbUrl : "jdbc:h2:file:" + work.resolve("bridge").toAbsolutePath()
                        + System.getenv().getOrDefault("MXB_H2_SETTINGS", ""));
    }

    /** Watches the heap and collections from now; {@link #serve} reports them. */
    static Heap watchHeap() {
        return new Heap(HeapPeak.install(), GcPauses.install());
    }

    record Heap(HeapPeak peak, GcPauses pauses) { }

    /**
     * Prints {@code port=N}, then answers each line of standard input with one line until it closes: {@code heap}
     * ({@code heap PEAK USED PAUSES PAUSED_MS MAX_PAUSE_MS}) and {@code gc} ({@code gc USED}) here, other commands by
     * {@code own} (its words in, its answer out; empty for an unknown command).
     */
    static void serve(int port, Heap heap, Function<String[], Optional<String>> own) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("port=" + port);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split(" ");
            out.println(switch (w[0]) {
                case "heap" -> "heap " + (long) heap.peak().bytesAndReset() + " " + heapUsed() + " " + heap.pauses().takeSummary();
                case "gc" -> {
                    System.gc();
                    yield "gc " + heapUsed();
                }
                default -> own.apply(w).orElse("error unknown command " + w[0]);
            });
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
