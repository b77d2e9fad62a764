package dev.mxbridge.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers a test starts later, e.g. the application service whose URL goes into the registration
 * before the homeserver starts. Chosen outside the kernel's ephemeral range (as the test kit's scripts do), so that
 * outgoing connections - thousands of them in a benchmark next door - cannot take the port in the meantime; and
 * reserved for an hour in {@code $TMPDIR/mxbridge-test-ports}, where the scripts reserve theirs too, so that a port
 * nothing listens on yet is not handed out again meanwhile (CI once gave a bridge's port to the Synapse started
 * after it). Thread-safe, and safe across test JVMs on one machine.
 */
public final class TestPorts {
    private static final Duration RESERVED_FOR = Duration.ofHours(1);
    /** Where the scripts reserve theirs: {@code $TMPDIR}, else the JVM's temporary directory ({@code /tmp}). */
    private static final Path RESERVED = Path.of(Optional.ofNullable(System.getenv("TMPDIR")).filter(s -> !s.isBlank())
            .orElse(System.getProperty("java.io.tmpdir")), "mxbridge-test-ports");

    private TestPorts() {
    }

    /** A port on 127.0.0.1 that nothing listens on now and no test has reserved, below (or above) the ephemeral range. */
    public static int free() {
        int[] range = ephemeralRange();
        int first = range[0] > 16_000 ? 15_000 : range[1] + 1;
        int last = range[0] > 16_000 ? range[0] - 1 : 65_535;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(first, last + 1);
            try {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.getLocalPort();
                }
                if (reserve(port)) {
                    return port;
                }
            } catch (IOException taken) {
                // try another
            }
        }
        throw new TestKitException("no free port in " + first + "-" + last);
    }

    /** Reserves {@code port} unless someone reserved it within the last hour. */
    private static boolean reserve(int port) throws IOException {
        Files.createDirectories(RESERVED);
        Path file = RESERVED.resolve(Integer.toString(port));
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.createFile(file);
                return true;
            } catch (FileAlreadyExistsException reserved) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(RESERVED_FOR))) {
                        return false;
                    }
                    Files.deleteIfExists(file); // an old reservation: its test is over
                } catch (NoSuchFileException gone) {
                    // taken back meanwhile: try again
                }
            }
        }
        return false;
    }

    private static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999}; // Linux's default
        }
    }
}
