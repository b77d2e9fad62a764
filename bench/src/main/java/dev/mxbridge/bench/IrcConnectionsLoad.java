package dev.mxbridge.bench;

import dev.mxbridge.irc.PuppetFleet;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The IRC puppet connection benchmark: connects {@code --puppets} puppets through the bridge's own code
 * ({@link PuppetFleet}: {@code Puppets}, {@code IrcConnection}, {@code IrcBots}, {@code Pacer}) to a local IRC
 * server, each to a channel of its own or all to one, then measures this JVM's heap after a full GC, RSS and
 * platform threads per connection, and message round trips between a raw client ({@link IrcProbe}) and sample
 * puppets in both directions. Prints one Markdown table row.
 */
@Command(name = "irc-connections-load", mixinStandardHelpOptions = true,
        description = "Connects many IRC puppets the way the bridge does and measures them.")
public final class IrcConnectionsLoad implements Callable<Integer> {
    private static final double MIB = 1024 * 1024;
    private static final String TABLE_HEADER = "| layout | puppets | connect interval ms | all registered s "
            + "| all joined s | connect retries | heap after GC MiB | heap per connected puppet KiB | RSS MiB "
            + "| RSS per connected puppet KiB "
            + "| platform threads | ngIRCd RSS MiB | IRC → puppet p50 / p99 ms | puppet → IRC p50 / p99 ms "
            + "| fan-out to all p50 / p99 ms |\n"
            + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

    enum Layout { spread, shared }

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port")
    int port;

    @Option(names = "--ircd-pid", description = "the IRC server's process, for its RSS")
    long ircdPid;

    @Option(names = "--puppets", defaultValue = "1000")
    int size;

    @Option(names = "--layout", defaultValue = "spread", description = "spread: a channel per puppet; shared: one "
            + "channel for all (default: ${DEFAULT-VALUE})")
    Layout layout;

    @Option(names = "--interval-us", defaultValue = "1000", description = "connect pacing, microseconds between two "
            + "connects (default: ${DEFAULT-VALUE})")
    long intervalMicros;

    @Option(names = "--messages", defaultValue = "200", description = "round trips per direction")
    int messages;

    @Option(names = "--samples", defaultValue = "100", description = "puppets that take part in the round trips")
    int samples;

    @Option(names = "--max-wait-s", defaultValue = "0", description = "how long to wait for all to join before "
            + "measuring what has (default: 120 s plus three times the pacing)")
    long maxWaitSeconds;

    @Option(names = "--histogram", description = "write jcmd GC.class_histogram of this JVM, connected, to the file")
    Path histogram;

    @Option(names = "--table-header", description = "print the table header and exit")
    boolean tableHeader;

    private int[] sample;
    private long[] sent;
    private long[] arrived;
    private long[] fannedOut;
    private AtomicInteger[] received;
    private CompletableFuture<?>[] done;
    private volatile String expecting = "";
    private volatile int fanOutTarget;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IrcConnectionsLoad()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tableHeader) {
            System.out.println(TABLE_HEADER);
            return 0;
        }
        ProcStats self = new ProcStats(ProcessHandle.current().pid());
        long heapBefore = Runs.heapAfterGc();
        long rssBefore = self.rss();
        IntFunction<String> channelOf = layout == Layout.shared ? i -> "#crowd" : i -> "#c" + i;
        int sampleCount = Math.min(samples, size);
        sample = new int[sampleCount];
        for (int k = 0; k < sampleCount; k++) {
            sample[k] = (int) ((long) k * size / sampleCount);
        }
        AtomicInteger probeJoins = new AtomicInteger();
        try (IrcProbe probe = new IrcProbe(host, port, "probe", line -> probeLine(line, probeJoins))) {
            List<String> probeChannels = layout == Layout.shared ? List.of("#crowd")
                    : Arrays.stream(sample).mapToObj(channelOf).toList();
            probeChannels.forEach(channel -> probe.send("JOIN " + channel));
            await(() -> probeJoins.get() >= probeChannels.size(), Duration.ofSeconds(30), "the probe's joins");

            PuppetFleet fleet = new PuppetFleet(host, port, Duration.ofNanos(intervalMicros * 1000), size, channelOf,
                    this::puppetLine);
            long started = System.nanoTime();
            fleet.start();
            double registeredSeconds = Double.NaN;
            long limit = maxWaitSeconds > 0 ? maxWaitSeconds : 120 + intervalMicros * size * 3 / 1_000_000;
            int[] progress;
            while (true) {
                progress = fleet.progress();
                double elapsed = (System.nanoTime() - started) / 1e9;
                if (Double.isNaN(registeredSeconds) && progress[0] == size) {
                    registeredSeconds = elapsed;
                }
                if (progress[1] == size || elapsed > limit) {
                    break;
                }
                Thread.sleep(100);
            }
            double joinedSeconds = (System.nanoTime() - started) / 1e9;
            boolean complete = progress[1] == size;
            System.err.printf("%d of %d puppets registered, %d joined after %.1f s, %d connect attempts%n",
                    progress[0], size, progress[1], joinedSeconds, fleet.connectAttempts());
            Thread.sleep(2000);
            long heap = Runs.heapAfterGc() - heapBefore;
            long rss = self.rss() - rssBefore;
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            double ircdRss = ircdPid > 0 ? new ProcStats(ircdPid).rss() / MIB : Double.NaN;
            if (histogram != null) {
                writeHistogram();
            }

            String row;
            if (complete) {
                double[][] toPuppet = roundTrips(k -> probe.send("PRIVMSG "
                        + channelOf.apply(sample[k % sample.length]) + " :rt " + k), "rt", size);
                double[][] toIrc = roundTrips(k -> {
                    try {
                        fleet.say(sample[k % sample.length], "tr " + k);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, "tr", size - 1);
                row = String.format(Locale.ROOT, "%.1f | %.1f | %s | %s | %s", registeredSeconds, joinedSeconds,
                        percentiles(toPuppet[0]), percentiles(toIrc[0]), layout == Layout.shared
                                ? percentiles(toPuppet[1]) + " (IRC), " + percentiles(toIrc[1]) + " (puppet)" : "–");
            } else {
                row = String.format(Locale.ROOT, "%,d registered | %,d joined after %.0f s | – | – | –", progress[0],
                        progress[1], joinedSeconds);
            }
            int connected = Math.max(1, progress[0]);
            String[] cells = row.split(" \\| ", 3);
            System.out.println(String.format(Locale.ROOT,
                    "| %s | %,d | %.2f | %s | %s | %,d | %.0f | %.1f | %.0f | %.1f | %d | %.0f | %s |",
                    layout, size, intervalMicros / 1000.0, cells[0], cells[1], fleet.connectAttempts() - size,
                    heap / MIB, heap / 1024.0 / connected, rss / MIB, rss / 1024.0 / connected, threads, ircdRss,
                    cells[2]));
            fleet.close();
        }
        return 0;
    }

    /**
     * Sends {@link #messages} messages one after the other ({@code send} for number k), each once the one before has
     * arrived (at its designated end and, in the shared channel, at all {@code fanOut} puppets); returns the
     * latencies in milliseconds to the designated end and to the last puppet of the fan-out.
     */
    private double[][] roundTrips(java.util.function.IntConsumer send, String tag, int fanOut) throws Exception {
        sent = new long[messages];
        arrived = new long[messages];
        fannedOut = new long[messages];
        received = new AtomicInteger[messages];
        done = new CompletableFuture<?>[messages];
        for (int k = 0; k < messages; k++) {
            received[k] = new AtomicInteger();
            done[k] = new CompletableFuture<>();
        }
        fanOutTarget = layout == Layout.shared ? fanOut : 0;
        expecting = tag;
        double[] latency = new double[messages];
        double[] fanOutLatency = new double[messages];
        for (int k = 0; k < messages; k++) {
            sent[k] = System.nanoTime();
            send.accept(k);
            done[k].get(60, TimeUnit.SECONDS);
            latency[k] = (arrived[k] - sent[k]) / 1e6;
            fanOutLatency[k] = (fannedOut[k] - sent[k]) / 1e6;
        }
        expecting = "";
        return new double[][] {latency, fanOutLatency};
    }

    /** Lines the probe receives: its joins' end of NAMES, and the round trips from puppets. */
    private void probeLine(String line, AtomicInteger joins) {
        if (line.contains(" 366 ")) {
            joins.incrementAndGet();
        } else if (expecting.equals("tr")) {
            int k = number(line, " :tr ");
            if (k >= 0) {
                arrived(k, true, false);
            }
        }
    }

    /** Lines puppets receive: round trips from the probe (and, in the shared channel, from other puppets). */
    private void puppetLine(int puppet, String line) {
        String tag = expecting;
        if (tag.isEmpty()) {
            return;
        }
        int k = number(line, tag.equals("rt") ? " :rt " : " :tr ");
        if (k < 0) {
            return;
        }
        boolean designated = tag.equals("rt") && puppet == sample[k % sample.length];
        boolean last = fanOutTarget > 0 && received[k].incrementAndGet() == fanOutTarget;
        if (designated || last) {
            arrived(k, designated, last);
        }
    }

    /** The message is done when its designated end has it and, in the shared channel, every puppet. */
    private synchronized void arrived(int k, boolean designated, boolean last) {
        long now = System.nanoTime();
        if (designated) {
            arrived[k] = now;
        }
        if (last) {
            fannedOut[k] = now;
        }
        if (arrived[k] != 0 && (fanOutTarget == 0 || fannedOut[k] != 0)) {
            done[k].complete(null);
        }
    }

    private static int number(String line, String marker) {
        int at = line.indexOf(marker);
        if (at < 0 || line.indexOf(" PRIVMSG ") < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(at + marker.length()).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String percentiles(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2f / %.2f", sorted[(int) (sorted.length * 0.50)],
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]);
    }

    /** jcmd's GC.class_histogram, asked in-process through the DiagnosticCommand MBean (no attach). */
    private void writeHistogram() throws Exception {
        String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Files.writeString(histogram, out);
        out.lines().limit(25).forEach(System.err::println);
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
