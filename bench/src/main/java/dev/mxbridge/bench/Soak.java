package dev.mxbridge.bench;

import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak and fault run of issue 14 ({@code bench/run-soak.sh}): the IRC bridge as a process of its own between a
 * real Synapse and ngIRCd, {@code --rooms} portals, messages both ways at {@code --rate} msg/s in all for
 * {@code --minutes}, and every {@code --fault-every} seconds the next fault in turn: SIGKILL of the bridge and a
 * restart, SIGSTOP of Synapse for 30 s, a restart of the ircd, and (PostgreSQL only) every bridge connection
 * terminated. Afterwards it waits for the stragglers, then checks that every message arrived exactly once and in
 * its room's order, and prints the database size, the bridge's RSS and its heap after a full GC over time, and its
 * failed events.
 * Exit 1 when a check fails.
 */
@Command(name = "soak", mixinStandardHelpOptions = true)
public final class Soak implements Callable<Integer> {
    private static final Pattern LINE = Pattern.compile("PRIVMSG #soak(\\d+) :.*?\\b([mi]):(\\d+):(-?\\d+)\\b");
    private static final Pattern BODY = Pattern.compile("^([mi]):(\\d+):(-?\\d+)$");

    @Option(names = "--work", required = true) Path work;
    @Option(names = "--db-url", description = "jdbc:postgresql://... (default: H2 in the work directory)") String dbUrl;
    @Option(names = "--db-user", defaultValue = "mxbridge") String dbUser;
    @Option(names = "--db-password", defaultValue = "mxbridge") String dbPassword;
    @Option(names = "--minutes", defaultValue = "30") double minutes;
    @Option(names = "--rate", defaultValue = "200", description = "messages/s, both directions together") double rate;
    @Option(names = "--rooms", defaultValue = "100") int rooms;
    @Option(names = "--fault-every", defaultValue = "180", description = "seconds between faults") int faultEvery;
    @Option(names = "--bridge-jvm-opts", defaultValue = "-Xmx512m") String bridgeJvmOpts;
    @Option(names = "--no-forced-gc", description = "sample the bridge's RSS only, without a full GC every 30 s (which"
            + " shrinks the heap it measures after)") boolean noForcedGc;
    @Option(names = "--faults", description = "the faults in turn, comma-separated, from kill-bridge, stop-synapse, "
            + "restart-ircd, drop-db (default: all four, drop-db only on PostgreSQL)") String faultList;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Per direction and room, the sequence numbers in arrival order. */
    private final Map<String, List<Integer>> arrived = new ConcurrentHashMap<>();
    private final AtomicInteger sentM = new AtomicInteger();
    private final AtomicInteger sentI = new AtomicInteger();
    private final AtomicLong warm = new AtomicLong();
    private volatile boolean ircPaused;
    private final Object pause = new Object();
    /** Channels the bridge's bot is seen in, since the last ircd restart. */
    private final java.util.Set<Integer> bridgeIn = ConcurrentHashMap.newKeySet();
    /**
     * Channels alice's puppet is in: under {@code require_matrix_joined} (the default) a channel is bridged only while
     * every Matrix member's puppet is in it, so the IRC side resumes only once it is back everywhere too.
     */
    private final java.util.Set<Integer> puppetIn = ConcurrentHashMap.newKeySet();
    private static final Pattern BRIDGE_JOIN = Pattern.compile("^:mxbridge[^!\\s]*!\\S+ JOIN :?#soak(\\d+)");
    private static final Pattern PUPPET_JOIN = Pattern.compile("^:soak-alice-\\d+\\[m\\][^!\\s]*!\\S+ JOIN :?#soak(\\d+)");
    private static final Pattern NAMES = Pattern.compile(" 353 \\S+ . #soak(\\d+) :(.*)$");
    private Process bridge;
    private Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (bridge != null) {
                bridge.destroyForcibly();
            }
        }));
        boolean postgres = dbUrl != null;
        if (faultList == null) {
            faultList = "kill-bridge,stop-synapse,restart-ircd" + (postgres ? ",drop-db" : "");
        }
        if (postgres) {
            String admin = dbUrl.substring(0, dbUrl.lastIndexOf('/') + 1) + "postgres";
            try (var c = DriverManager.getConnection(admin, dbUser, dbPassword); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + dbUrl.substring(dbUrl.lastIndexOf('/') + 1));
            }
        }
        IrcServer ircd = IrcServer.ngircd("soak");
        ircd.start();
        int asPort;
        try (ServerSocket s = new ServerSocket(0)) {
            asPort = s.getLocalPort();
        }
        config = work.resolve("config.yaml");
        String db = postgres ? "{url: '" + dbUrl + "', user: " + dbUser + ", password: " + dbPassword + "}"
                : "{url: 'jdbc:h2:file:" + work.resolve("data/bridge").toAbsolutePath() + "'}";
        String yaml = """
                homeserver: {url: 'http://127.0.0.1:0', domain: localhost}
                appservice: {registration: registration.yaml, bind: 127.0.0.1, port: %d}
                database: %s
                bridge:
                  permissions: {'*': relay, localhost: user}
                network:
                  host: %s
                  port: %d
                  tls: false
                  nick: mxbridge
                  message_delay: 0ms
                  quit_debounce: 5s
                  puppet_connect_interval: 20ms
                  media_url_base: 'http://127.0.0.1:0/_matrix/client/v1/media/download'
                """.formatted(asPort, db, ircd.host(), ircd.port());
        Files.writeString(config, yaml);
        Files.deleteIfExists(work.resolve("registration.yaml"));
        runBridgeCommand("generate-registration");
        // Synapse unless -Dmxbridge.homeserver=dendrite (HOMESERVER in run-soak.sh); named synapse below either way
        Homeserver synapse = Homeserver.configured().registration(work.resolve("registration.yaml")).name("soak").build();
        synapse.start();
        homeserver = synapse.baseUrl().toString().replaceAll("/$", "");
        Files.writeString(config, yaml.replace("http://127.0.0.1:0", synapse.baseUrl().toString()));
        String pidFile = synapse.implementation() == Homeserver.Implementation.SYNAPSE ? "synapse.pid" : "dendrite.pid";
        long synapsePid = Long.parseLong(Files.readString(synapse.instanceDir().resolve(pidFile)).trim());
        log("homeserver: %s", synapse.implementation());
        List<String> sizes = new ArrayList<>();
        int failures = 0;
        try {
            startBridge(asPort);
            TestUser alice = synapse.registerUser("soak-alice-" + ProcessHandle.current().pid());
            SyncingUser syncing = new SyncingUser(synapse.baseUrl(), alice.userId(), alice.accessToken());
            List<String> roomIds = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                roomIds.add(alice.join("#_irc_#soak" + r + ":localhost"));
            }
            log("alice joined %d portals", rooms);
            syncing.follow((body, at) -> record(body));
            IrcProbe[] probe = {connectProbe(ircd)};
            // Warm-up markers both ways in every room: the portals and the puppet are in place before the clock starts.
            for (int r = 0; r < rooms; r++) {
                probe[0].send("PRIVMSG #soak" + r + " :i:" + r + ":-1");
                send(alice, roomIds.get(r), "m:" + r + ":-1");
            }
            await("warm-up markers in all rooms both ways", Duration.ofMinutes(3), () -> warm.get() >= 2L * rooms);
            arrived.clear();
            log("warm; sending %.0f msg/s for %.1f min, a fault every %d s", rate, minutes, faultEvery);

            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    sizes.add(Instant.now() + " " + (System.nanoTime() - start) / 1_000_000_000L + " s: " + dbSize(postgres)
                            + "; bridge " + memory() + (postgres ? "" : "; " + h2Gauges(asPort)));
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread faults = Thread.ofPlatform().daemon().start(() -> {
                String[] kinds = faultList.split(",");
                for (int n = 0; ; n++) {
                    try {
                        // Not interrupted at the end: a fault under way (a killed bridge) finishes before the checks.
                        long next = System.nanoTime() + faultEvery * 1_000_000_000L;
                        if (next > end) {
                            return;
                        }
                        Schedule.sleepUntil(next);
                        String kind = kinds[n % kinds.length];
                        log("fault: %s", kind);
                        switch (kind) {
                            case "kill-bridge" -> {
                                // While the bridge is off IRC, what is said in a channel reaches nobody (IRC keeps no
                                // history), so the IRC side pauses until the new bridge is back in every channel.
                                pauseIrc(probe[0]);
                                bridge.destroyForcibly().waitFor();
                                startBridge(asPort);
                                awaitBridgeInEveryChannel();
                                ircPaused = false;
                            }
                            case "stop-synapse" -> {
                                signal("STOP", synapsePid);
                                Thread.sleep(30_000);
                                signal("CONT", synapsePid);
                            }
                            case "restart-ircd" -> {
                                // What the ircd holds when it stops is lost with it, and what is said in a channel
                                // before the bridge is back in it reaches nobody: IRC's nature, not the bridge's. So
                                // the IRC side pauses from a marker that has arrived until the bridge has rejoined.
                                pauseIrc(probe[0]);
                                ircd.stop();
                                ircd.start();
                                probe[0] = connectProbe(ircd);
                                awaitBridgeInEveryChannel();
                                ircPaused = false;
                            }
                            case "drop-db" -> dropConnections();
                            default -> log("unknown fault %s: skipped", kind);
                        }
                        log("fault %s done", kind);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        log("fault failed: %s", e);
                    }
                }
            });
            int[] nextM = new int[rooms];
            int[] nextI = new int[rooms];
            Semaphore window = new Semaphore(64);
            try (var sends = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long n = 0; ; n++) {
                    long due = start + (long) (n * 1e9 / rate);
                    if (due > end) {
                        break;
                    }
                    Schedule.sleepUntil(due);
                    int room = (int) ((n / 2) % rooms);
                    if (n % 2 == 0) {
                        String text = "m:" + room + ":" + nextM[room]++;
                        window.acquire();
                        sentM.incrementAndGet();
                        String roomId = roomIds.get(room);
                        // In order per room: one sender per room would be needed for strict order under retries;
                        // a send is retried with its transaction id, so Synapse stores it once.
                        sends.submit(() -> {
                            try {
                                send(alice, roomId, text);
                            } finally {
                                window.release();
                            }
                        });
                    } else {
                        synchronized (pause) { // so that nothing is said after the marker of pauseIrc
                            if (!ircPaused) {
                                try {
                                    probe[0].send("PRIVMSG #soak" + room + " :i:" + room + ":" + nextI[room]);
                                    nextI[room]++;
                                    sentI.incrementAndGet();
                                } catch (IllegalStateException e) {
                                    // the ircd went away under us; this message was not sent
                                }
                            }
                        }
                    }
                }
            }
            faults.join();
            log("sent %d from Matrix and %d from IRC; waiting for the rest to arrive", sentM.get(), sentI.get());
            try {
                await("every message to arrive", Duration.ofMinutes(3), () -> count("m") >= sentM.get() && count("i") >= sentI.get());
                Thread.sleep(5_000); // duplicates after the last arrival would show now; counted below
            } catch (IllegalStateException e) {
                log("%s; checking what did (arrived: %d from Matrix, %d from IRC)", e.getMessage(), count("m"), count("i"));
            }
            sampler.interrupt();
            sizes.add(Instant.now() + " end: " + dbSize(postgres));
            failures += check("m", nextM, "Matrix -> IRC");
            failures += check("i", nextI, "IRC -> Matrix");
            if (longestDeadChunkWait > STUCK_DEAD_CHUNK_SECONDS) {
                // the regression check for H2's recovery leaving a chunk it can never free (docs/reliability.md)
                System.out.printf("H2's dead-chunk queue stopped moving: its first chunk waited %d s (retention 45 s)%n",
                        longestDeadChunkWait);
                failures++;
            }
            System.out.println("sync answers with a gap (limited timelines): " + syncing.limitedTimelines());
            System.out.println("## database size and bridge memory over time");
            sizes.forEach(System.out::println);
            System.out.println("## bridge heap after a full GC");
            System.out.println(jcmd("GC.run") + jcmd("GC.heap_info"));
            syncing.close();
        } finally {
            if (bridge != null) {
                bridge.destroy();
                bridge.waitFor();
            }
            System.out.println("## failed-events");
            System.out.println(runBridgeCommand("failed-events"));
            synapse.stop();
            ircd.stop();
        }
        System.out.println(failures == 0 ? "SOAK PASSED" : "SOAK FAILED: " + failures + " problems");
        return failures == 0 ? 0 : 1;
    }

    /** Until the bridge's bot and alice's puppet are both back in every channel (seen joining, or in a NAMES reply). */
    private void awaitBridgeInEveryChannel() throws InterruptedException {
        await("the bridge and alice's puppet back in every channel", Duration.ofMinutes(3),
                () -> bridgeIn.size() >= rooms && puppetIn.size() >= rooms);
    }

    /** Stops the IRC side once a marker sent after its last message has reached Matrix; forgets where the bot was. */
    private void pauseIrc(IrcProbe probe) throws InterruptedException {
        synchronized (pause) {
            ircPaused = true;
        }
        long marker = warm.get();
        probe.send("PRIVMSG #soak0 :i:0:-1");
        await("the IRC side to drain", Duration.ofMinutes(3), () -> warm.get() > marker);
        bridgeIn.clear();
        puppetIn.clear();
    }

    private void record(String body) {
        Matcher m = BODY.matcher(body);
        if (m.matches()) {
            add(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
    }

    private void add(String direction, int room, int seq) {
        if (seq < 0) {
            warm.incrementAndGet();
            return;
        }
        arrived.computeIfAbsent(direction + room, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(seq);
    }

    private long count(String direction) {
        return arrived.entrySet().stream().filter(e -> e.getKey().startsWith(direction)).mapToLong(e -> e.getValue().size()).sum();
    }

    /** Missing, duplicated and out-of-order messages of one direction; prints them and returns how many problems. */
    private int check(String direction, int[] sent, String name) {
        int missing = 0, duplicates = 0, reordered = 0;
        for (int r = 0; r < rooms; r++) {
            List<Integer> got = List.copyOf(arrived.getOrDefault(direction + r, List.of()));
            boolean[] seen = new boolean[sent[r]];
            int last = -1;
            for (int seq : got) {
                if (seq >= sent[r]) {
                    continue;
                }
                if (seen[seq]) {
                    duplicates++;
                    System.out.printf("  %s: room %d message %d again%n", name, r, seq);
                } else if (seq < last) {
                    reordered++;
                    System.out.printf("  %s: room %d message %d after %d%n", name, r, seq, last);
                }
                seen[seq] = true;
                last = Math.max(last, seq);
            }
            for (int seq = 0; seq < seen.length; seq++) {
                if (!seen[seq]) {
                    missing++;
                    System.out.printf("  %s: room %d message %d missing%n", name, r, seq);
                }
            }
        }
        System.out.printf("%s: sent %d, missing %d, duplicated %d, out of order %d%n", name,
                java.util.Arrays.stream(sent).sum(), missing, duplicates, reordered);
        return missing + duplicates + reordered;
    }

    private IrcProbe connectProbe(IrcServer ircd) throws IOException {
        IrcProbe probe = new IrcProbe(ircd.host(), ircd.port(), "ircbob", line -> {
            Matcher m = LINE.matcher(line);
            if (m.find() && m.group(2).equals("m")) {
                add("m", Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                return;
            }
            Matcher join = BRIDGE_JOIN.matcher(line);
            if (join.find()) {
                bridgeIn.add(Integer.parseInt(join.group(1)));
            }
            Matcher puppetJoin = PUPPET_JOIN.matcher(line);
            if (puppetJoin.find()) {
                puppetIn.add(Integer.parseInt(puppetJoin.group(1)));
            }
            Matcher names = NAMES.matcher(line);
            if (names.find()) {
                String members = " " + names.group(2) + " ";
                if (members.matches(".* [@+]?mxbridge\\S* .*")) {
                    bridgeIn.add(Integer.parseInt(names.group(1)));
                }
                if (members.matches(".* [@+]?soak-alice-\\d+\\[m\\] .*")) {
                    puppetIn.add(Integer.parseInt(names.group(1)));
                }
            }
        });
        for (int r = 0; r < rooms; r++) {
            probe.send("JOIN #soak" + r); // one per line: 100 in one JOIN would pass IRC's 512-byte line limit
        }
        return probe;
    }

    private final AtomicLong txn = new AtomicLong();

    /** Sends until Synapse takes it, under one transaction id (so a retry is stored once). */
    private void send(TestUser user, String roomId, String text) {
        String id = "soak" + ProcessHandle.current().pid() + "-" + txn.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(homeserver
                        + "/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/send/m.room.message/" + id))
                .header("Authorization", "Bearer " + user.accessToken()).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"m.text\",\"body\":\"" + text + "\"}")).build();
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // retried below
            }
            Schedule.sleepUntil(System.nanoTime() + 1_000_000_000L);
        }
        log("gave up sending %s", text);
    }

    private String homeserver;

    private void startBridge(int asPort) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of(bridgeJvmOpts.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mxbridge.irc.IrcBridge", "run", "-c", config.toString()));
        bridge = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("bridge.log").toFile())).start();
        await("the bridge's /ready", Duration.ofMinutes(2), () -> {
            if (!bridge.isAlive()) {
                throw new IllegalStateException("the bridge exited; see " + work.resolve("bridge.log"));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + asPort + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    private String runBridgeCommand(String subcommand) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.mxbridge.irc.IrcBridge", subcommand, "-c", config.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private String dbSize(boolean postgres) {
        try {
            if (!postgres) {
                return Files.size(work.resolve("data/bridge.mv.db")) + " bytes";
            }
            try (var c = DriverManager.getConnection(dbUrl, dbUser, dbPassword); var s = c.createStatement();
                 var r = s.executeQuery("SELECT pg_database_size(current_database())")) {
                r.next();
                return r.getLong(1) + " bytes";
            }
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** A dead chunk waiting longer than this (3 retention times and a minute) means H2's queue is not moving. */
    private static final long STUCK_DEAD_CHUNK_SECONDS = 3 * 45 + 60;
    private volatile long longestDeadChunkWait;

    private static final java.util.regex.Pattern H2_GAUGE = java.util.regex.Pattern.compile(
            "^mxbridge_h2_(\\w+?)(?:_bytes|_percent|_seconds)? (\\S+)$", java.util.regex.Pattern.MULTILINE);

    /** The bridge's H2 gauges from /metrics: fill, versions held for readers, dead chunks not yet freed. */
    private String h2Gauges(int asPort) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + asPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            StringBuilder out = new StringBuilder("h2");
            var m = H2_GAUGE.matcher(text);
            while (m.find()) {
                long value = (long) Double.parseDouble(m.group(2));
                if (m.group(1).equals("chunks_dead_wait")) {
                    longestDeadChunkWait = Math.max(longestDeadChunkWait, value);
                }
                if (!m.group(1).equals("file")) {
                    out.append(' ').append(m.group(1)).append(' ').append(value);
                }
            }
            return out.toString();
        } catch (Exception e) {
            return "h2 gauges unknown (" + e.getMessage() + ")";
        }
    }

    private static final java.util.regex.Pattern HEAP_USED = java.util.regex.Pattern.compile(
            "^\\s*(?:garbage-first heap|def new generation|tenured generation|DefNew|Tenured|ZHeap)\\b.*?used (\\d+)([KM])",
            java.util.regex.Pattern.MULTILINE);

    /** The bridge's resident set and its heap in use after a full GC (one forced every sample: a soak can take it). */
    private String memory() {
        Process p = bridge;
        if (p == null || !p.isAlive()) {
            return "not running";
        }
        try {
            String rss = Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D+", "")).findFirst().orElse("?");
            if (noForcedGc) {
                return "RSS " + Long.parseLong(rss) / 1024 + " MiB";
            }
            jcmd("GC.run");
            var m = HEAP_USED.matcher(jcmd("GC.heap_info"));
            long usedKb = 0;
            while (m.find()) {
                usedKb += Long.parseLong(m.group(1)) * (m.group(2).equals("M") ? 1024 : 1);
            }
            return "RSS " + Long.parseLong(rss) / 1024 + " MiB, heap after a full GC " + usedKb / 1024 + " MiB";
        } catch (Exception e) {
            return "memory unknown (" + e.getMessage() + ")";
        }
    }

    private void dropConnections() throws Exception {
        try (var c = DriverManager.getConnection(dbUrl, dbUser, dbPassword); var s = c.createStatement();
             var r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            r.next();
            log("terminated %d connections", r.getInt(1));
        }
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(bridge.pid()), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("%s %s%n", Instant.now(), String.format(format, args));
    }
}
