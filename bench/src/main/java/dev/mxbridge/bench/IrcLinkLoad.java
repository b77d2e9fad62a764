package dev.mxbridge.bench;

import dev.mxbridge.irc.LinkFleet;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The IRC link-mode benchmark of {@code docs/performance.md} ("IRC link mode"): N Matrix users introduced into a
 * local ngIRCd through one server link, through the bridge's code ({@link LinkFleet}: {@code ServerLink},
 * {@code LinkedUsers}, {@code LinkedNetwork}), each joined to a channel of its own ({@code #c<i>}). Measures the
 * time until ngIRCd has taken them all (the answer to a {@code PING} after the last line), the heap they cost after a
 * full GC, and the time to link again and re-introduce them all in one burst (what a bridge restart does). Prints one
 * Markdown row.
 */
@Command(name = "irc-link-load", mixinStandardHelpOptions = true,
        description = "Introduces N Matrix users into an ircd (ngIRCd or ircd-hybrid) through one server link and times it.")
public final class IrcLinkLoad implements Callable<Integer> {
    private static final String TABLE_HEADER = "| users | introduce + join s | heap after GC MB | heap per user bytes "
            + "| re-link + burst s |\n|---|---|---|---|---|";

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port")
    int port;

    @Option(names = "--users", defaultValue = "20000")
    int size;

    @Option(names = "--server-name", defaultValue = "matrix.bench")
    String serverName;

    @Option(names = "--send-password", defaultValue = "bench-bridge")
    String sendPassword;

    @Option(names = "--accept-password", defaultValue = "bench-ircd")
    String acceptPassword;

    @Option(names = "--protocol", defaultValue = "rfc2813", description = "rfc2813 (ngIRCd) or ts6 (ircd-hybrid)")
    String protocol;

    @Option(names = "--table-header", description = "print the table header and exit")
    boolean tableHeader;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IrcLinkLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        Duration timeout = Duration.ofMinutes(5);
        IntFunction<String> channelOf = i -> "#c" + i;
        long heapBefore = Runs.heapAfterGc();
        try (LinkFleet fleet = new LinkFleet(host, port, serverName, sendPassword, acceptPassword,
                protocol.equals("ts6"))) {
            fleet.link(timeout);
            long started = System.nanoTime();
            fleet.introduce(0, size, channelOf);
            fleet.sync(timeout);
            double introduced = (System.nanoTime() - started) / 1e9;
            long heap = Runs.heapAfterGc() - heapBefore;

            started = System.nanoTime();
            fleet.link(timeout);
            double relinked = (System.nanoTime() - started) / 1e9;
            System.out.printf("| %d | %.2f | %.1f | %d | %.2f |%n", fleet.size(), introduced, heap / 1e6,
                    heap / Math.max(1, fleet.size()), relinked);
        }
        return 0;
    }
}
