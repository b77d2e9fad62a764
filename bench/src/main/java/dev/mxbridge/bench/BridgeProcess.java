package dev.mxbridge.bench;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.example.ExampleChat;
import dev.mxbridge.example.ExampleNetwork;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The bridge under test of {@link BridgingLoad}, in a JVM of its own: the example bridge started as a deployment
 * starts it ({@code registration.yaml}, YAML configuration, H2 file database or {@code --db-url}, {@code Bridge.builder(config)
 * .network(...)}), with {@link ExampleChat} as the remote network and a tap on the relay ({@link TappedNetwork}).
 * Prints {@code port=N} once it listens, then obeys one-line commands on standard input, answering each with one
 * line on standard output; stops when standard input closes:
 * <ul>
 *   <li>{@code push RUN COUNT RATE START}: posts COUNT messages in the chat, message n due at
 *       {@code START + n/RATE} (all at once if RATE is 0), round-robin over the rooms and users; answers
 *       {@code push COUNT} when the last is posted;</li>
 *   <li>{@code received RUN}: {@code received LAST N L1 ... LN}, the latencies (ns) of run RUN's messages from
 *       Matrix that reached the relay's {@code send}, from their due times, and when the last arrived;
 *       {@code count RUN}: {@code count N}, how many have arrived so far;</li>
 *   <li>{@code heap}: {@code heap PEAK USED PAUSES PAUSED_MS MAX_PAUSE_MS}, the heap peak and the collection
 *       pauses since the last {@code heap}, and the heap used now;
 *       {@code gc}: {@code gc USED}, the heap used after a full collection.</li>
 * </ul>
 */
@Command(name = "bridge-process", mixinStandardHelpOptions = true,
        description = "Runs the example bridge against a homeserver, driven by commands on stdin.")
public final class BridgeProcess implements Callable<Integer> {
    @Mixin
    BridgeProcessOptions options;

    @Option(names = "--rooms", defaultValue = "20", description = "chat rooms (portals)")
    int rooms;

    @Option(names = "--users", defaultValue = "100", description = "chat users posting (ghosts)")
    int users;

    private final Map<Integer, Latencies> received = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new BridgeProcess()).execute(args));
    }

    static String room(int i) {
        return "room" + i;
    }

    @Override
    public Integer call() throws Exception {
        BridgeProcessOptions.Heap heap = BridgeProcessOptions.watchHeap();
        String yaml = options.coreYaml();
        // A network's scroll-back, not every message of the run: the chat lives in the bridge's JVM, and its posts
        // would otherwise be most of the heap the bridge's own figures are measured in.
        ExampleChat chat = new ExampleChat(10_000);
        for (int i = 0; i < rooms; i++) {
            chat.createRoom(room(i), "Room " + i);
        }
        try (Bridge bridge = Bridge.builder(ConfigYaml.parse(yaml, options.work, Map.of(), "example"))
                .network(new TappedNetwork(new ExampleNetwork(chat, Boolean.getBoolean("mxbridge.bench.durable")), this::sent))
                .start()) {
            BridgeProcessOptions.serve(bridge.port(), heap, w -> switch (w[0]) {
                case "push" -> Optional.of(push(chat, Integer.parseInt(w[1]), Integer.parseInt(w[2]), Double.parseDouble(w[3]),
                        Long.parseLong(w[4])));
                case "received" -> Optional.of(received(Integer.parseInt(w[1])));
                case "count" -> Optional.of("count " + Optional.ofNullable(received.get(Integer.parseInt(w[1])))
                        .map(Latencies::size).orElse(0));
                default -> Optional.empty();
            });
        }
        return 0;
    }

    private void sent(OutboundMessage message) {
        long now = System.nanoTime();
        Token.find(message.content().plainText()).ifPresent(t ->
                received.computeIfAbsent(t.run(), r -> new Latencies()).add(now - t.dueNanos(), now));
    }

    private String push(ExampleChat chat, int run, int count, double rate, long start) {
        Schedule schedule = new Schedule(start, rate);
        for (int n = 0; n < count; n++) {
            long due = schedule.due(n);
            Schedule.sleepUntil(due);
            chat.post(room(n % rooms), "user" + (n % users), new Token(run, n, due).text(), Optional.empty());
        }
        return "push " + count;
    }

    private String received(int run) {
        Latencies log = received.remove(run);
        StringBuilder s = new StringBuilder("received ");
        long[] values = log == null ? new long[0] : log.sorted();
        s.append(log == null ? 0 : log.lastArrival()).append(' ').append(values.length);
        for (long v : values) {
            s.append(' ').append(v);
        }
        return s.toString();
    }
}
