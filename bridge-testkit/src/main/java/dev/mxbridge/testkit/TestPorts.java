package dev.mxbridge.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers a test starts later, e.g. the application service whose URL goes into the registration
 * before the homeserver starts. Chosen outside the kernel's ephemeral range (as the test kit's scripts do), so that
 * outgoing connections - thousands of them in a benchmark next door - cannot take the port in the meantime.
 */
public final class TestPorts {
    private TestPorts() {
    }

    /** A port on 127.0.0.1 that nothing listens on now, below (or above) the ephemeral range. */
    public static int free() {
        int[] range = ephemeralRange();
        int first = range[0] > 16_000 ? 15_000 : range[1] + 1;
        int last = range[0] > 16_000 ? range[0] - 1 : 65_535;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(first, last + 1);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new TestKitException("no free port in " + first + "-" + last);
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
