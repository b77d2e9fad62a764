package dev.mxbridge.bench;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.journal.JournalEntry;
import dev.mxbridge.core.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The journal's churn on H2 without HTTP around it (issue 14: "File corrupted while reading record" after minutes of
 * sustained load): appenders store transactions of events as the inbox does, a completer deletes each handled entry
 * through the group commit as the lanes do, and room positions are saved; every ten seconds a line with the file's
 * size. Exits 1 at the first store failure, with it. At the end the database is closed, reopened and counted.
 */
@Command(name = "h2-churn", mixinStandardHelpOptions = true)
public final class H2Churn implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--dir", description = "where bridge.mv.db goes (default: temp)")
    Path dir;

    @Option(names = "--url-options", defaultValue = "", description = "appended to the H2 URL, e.g. ;RETENTION_TIME=0")
    String urlOptions;

    @Option(names = "--minutes", defaultValue = "5")
    double minutes;

    @Option(names = "--appenders", defaultValue = "1", description = "threads appending at once (the journal wants one, as the inbox does)")
    int appenders;

    @Option(names = "--events", defaultValue = "50", description = "events per transaction")
    int events;

    @Option(names = "--body-chars", defaultValue = "500")
    int bodyChars;

    @Option(names = "--rate", defaultValue = "0", description = "transactions/s in all, 0: as fast as it goes")
    int rate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new H2Churn()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir == null ? Files.createTempDirectory("mxbridge-h2churn-") : Files.createDirectories(dir);
        Path file = work.resolve("bridge.mv.db");
        var config = new BridgeConfig.Database("jdbc:h2:file:" + work.resolve("bridge").toAbsolutePath() + urlOptions, "sa", "", 10);
        AtomicLong appended = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LinkedBlockingQueue<Long> handled = new LinkedBlockingQueue<>();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long started = System.nanoTime();
        System.out.printf("h2-churn: %s%s, H2 %s, %.1f min, %d appenders x %d events x %d chars, rate %s%n", file, urlOptions,
                Path.of(Class.forName("org.h2.Driver").getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName(), minutes,
                appenders, events, bodyChars, rate == 0 ? "unpaced" : rate + " txn/s");
        System.out.println("seconds,transactions,events_completed,file_bytes");
        try (Database db = Database.open(config); Journal journal = Journal.jdbc(db, Duration.ofMinutes(1))) {
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int id = a;
                threads.add(Thread.ofPlatform().name("appender-" + a).start(() -> {
                    long n = 0;
                    try {
                        while (System.nanoTime() < end && failure.get() == null) {
                            List<Journal.NewEntry> batch = new ArrayList<>();
                            for (int e = 0; e < events; e++) {
                                String room = "!room" + (e % 100) + ":localhost";
                                ObjectNode event = JSON.createObjectNode().put("type", "m.room.message").put("room_id", room)
                                        .put("event_id", "$" + id + "_" + n + "_" + e).put("sender", "@u:localhost");
                                event.putObject("content").put("msgtype", "m.text").put("body", "x".repeat(bodyChars));
                                batch.add(new Journal.NewEntry(room, false, event, JSON.writeValueAsString(event)));
                            }
                            for (JournalEntry entry : journal.append("t" + id + "_" + n++, batch).entries()) {
                                handled.add(entry.seq());
                            }
                            appended.incrementAndGet();
                            if (rate > 0) {
                                long due = started + (long) (appended.get() * 1e9 / rate);
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(Duration.ofNanos(wait));
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            threads.add(Thread.ofPlatform().name("completer").start(() -> {
                try {
                    while (failure.get() == null && (System.nanoTime() < end || !handled.isEmpty())) {
                        Long seq = handled.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (seq != null) {
                            journal.complete(seq);
                            completed.incrementAndGet();
                            if (seq % 500 == 0) {
                                journal.savePositions(List.of(new Journal.RoomPosition("!room" + (seq % 100) + ":localhost",
                                        "$p" + seq, java.util.Optional.empty(), System.currentTimeMillis())));
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
            long nextReport = started;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                if (System.nanoTime() >= nextReport) {
                    System.out.printf("%d,%d,%d,%d%n", (System.nanoTime() - started) / 1_000_000_000L, appended.get(),
                            completed.get(), Files.size(file));
                    nextReport += 10_000_000_000L;
                }
                Thread.sleep(200);
            }
            journal.flush();
        }
        if (failure.get() != null) {
            System.out.println("FAILED: " + failure.get());
            failure.get().printStackTrace(System.out);
            return 1;
        }
        System.out.printf("closed: %d bytes%n", Files.size(file));
        try (Database db = Database.open(config); Journal journal = Journal.jdbc(db, Duration.ofMinutes(1))) {
            int left = db.withConnection(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM journal")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            System.out.printf("reopened: %d journal rows left (0 expected), %d unfinished, file %d bytes%n", left,
                    journal.unfinished().size(), Files.size(file));
            return left == 0 ? 0 : 1;
        }
    }
}
