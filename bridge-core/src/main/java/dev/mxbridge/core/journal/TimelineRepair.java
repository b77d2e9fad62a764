package dev.mxbridge.core.journal;

import dev.mxbridge.core.config.BridgeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds events that reached a room but never arrived in a transaction, and journals them in timeline order. A round
 * holds the dispatcher, waits for the homeserver's backlog to settle (the transactions it queued while the bridge was
 * away arrive first, and are journaled), then reads each recently active room's timeline after the last event the
 * journal stored for it. Every event the journal does not know by id is stored and put into its room's lane at its
 * timeline position, before the held events that follow it; then the dispatcher is released.
 *
 * <p>Events sent by the bridge's own users are not journaled by a repair: they are echoes of what the bridge did.
 *
 * <p>Rounds run after start-up and when the homeserver resumes sending after a failure, one at a time, on a virtual
 * thread of their own. What a round finds is counted in {@code mxbridge_events_recovered}.
 */
final class TimelineRepair {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineRepair.class);
    private static final long MIN_SETTLE_MILLIS = 1_000;
    private static final long QUIET_MILLIS = 500;
    private static final long NO_BACKLOG_MILLIS = 3_000;
    private static final int PARALLEL_ROOMS = 4;

    private final Timeline timeline;
    private final Dispatcher dispatcher;
    private final RoomPositions positions;
    private final BridgeConfig.Journal config;
    private final Function<List<Journal.NewEntry>, Journal.Appended> append;
    private final LongSupplier lastTransactionMillis;
    private final Predicate<String> isBridgeUser;
    private final Counter recovered;
    private final Counter rounds;
    private final ReentrantLock lock = new ReentrantLock(); // one round at a time

    /**
     * @param append                stores recovered entries under the inbox's append lock
     * @param lastTransactionMillis when the last transaction arrived, epoch milliseconds
     */
    TimelineRepair(Timeline timeline, Dispatcher dispatcher, RoomPositions positions, BridgeConfig.Journal config,
                   Function<List<Journal.NewEntry>, Journal.Appended> append, LongSupplier lastTransactionMillis,
                   Predicate<String> isBridgeUser, MeterRegistry metrics) {
        this.isBridgeUser = isBridgeUser;
        this.timeline = timeline;
        this.dispatcher = dispatcher;
        this.positions = positions;
        this.config = config;
        this.append = append;
        this.lastTransactionMillis = lastTransactionMillis;
        this.recovered = Counter.builder("mxbridge_events_recovered")
                .description("events journaled from a room's timeline because no transaction had brought them").register(metrics);
        this.rounds = Counter.builder("mxbridge_repair_rounds").description("timeline repair rounds run").register(metrics);
    }

    /** Whether rounds do anything: a timeline to read and rooms to read it in. */
    boolean enabled() {
        return timeline != Timeline.NONE && config.repair().maxRooms() > 0;
    }

    /**
     * Where the recently active rooms stand now: what a round started later reads after.
     *
     * @param fromStore whether to include rooms known only from the store (at start-up), not just those seen since
     */
    List<Journal.RoomPosition> snapshot(boolean fromStore) {
        long since = System.currentTimeMillis() - config.repair().window().toMillis();
        return fromStore ? positions.active(since, config.repair().maxRooms())
                : positions.seen(since, config.repair().maxRooms());
    }

    /**
     * Starts a round on a virtual thread that reads each room after its position in {@code rooms}; if a round is
     * running, the next starts when it ends.
     *
     * @param alreadyHeld whether the caller has held the dispatcher (start-up); the round releases it
     */
    void start(String why, List<Journal.RoomPosition> rooms, boolean alreadyHeld) {
        start(why, rooms, alreadyHeld, true, alreadyHeld, found -> { });
    }

    /**
     * Starts a round at once, without waiting for a backlog: for a transaction the homeserver numbered but never sent
     * (the caller has held the dispatcher before queuing the events that came after it; the round releases it).
     *
     * @param found told how many events the round found that had not arrived, unless it failed
     */
    void startForLostTransaction(String why, List<Journal.RoomPosition> rooms, IntConsumer found) {
        start(why, rooms, true, false, false, found);
    }

    /**
     * @param settle     whether to wait for the homeserver's backlog first
     * @param afterStart whether what the round finds may have been bridged by the previous run (handed on as replayed)
     */
    private void start(String why, List<Journal.RoomPosition> rooms, boolean alreadyHeld, boolean settle,
                       boolean afterStart, IntConsumer onFound) {
        if (!enabled() || rooms.isEmpty()) {
            if (alreadyHeld) {
                dispatcher.release();
            }
            return;
        }
        Thread.ofVirtual().name("timeline-repair").start(() -> {
            lock.lock();
            try {
                round(why, rooms, alreadyHeld, settle, afterStart, onFound);
            } catch (RuntimeException e) {
                LOG.warn("timeline repair ({}) failed: {}", why, e.toString());
            } finally {
                lock.unlock();
            }
        });
    }

    private void round(String why, List<Journal.RoomPosition> rooms, boolean alreadyHeld, boolean settle,
                       boolean afterStart, IntConsumer onFound) {
        if (!alreadyHeld) {
            dispatcher.hold();
        }
        try {
            if (settle) {
                settle();
            }
            rounds.increment();
            long started = System.nanoTime();
            int found = repairAll(rooms, afterStart);
            LOG.info("timeline repair ({}): read {} rooms in {} ms, {} events had not arrived in a transaction", why,
                    rooms.size(), (System.nanoTime() - started) / 1_000_000, found);
            onFound.accept(found);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dispatcher.release();
        }
    }

    /**
     * Waits until the homeserver's backlog has arrived: at least a second, then until no transaction came for half a
     * second, at most {@code journal.repair.settle}. The quiet counts only once a transaction has come since the wait
     * began (or after {@link #NO_BACKLOG_MILLIS} with none: a homeserver with nothing queued): a homeserver that resends
     * its backlog only after a retry delay would otherwise look quiet before it starts, and Synapse has been seen to
     * leave one transaction unsent when its recovery of the backlog ends, which this round must come after.
     */
    private void settle() throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = start + Math.max(MIN_SETTLE_MILLIS, config.repair().settle().toMillis());
        while (true) {
            long now = System.currentTimeMillis();
            long last = lastTransactionMillis.getAsLong();
            boolean quiet = now - last >= QUIET_MILLIS && (last > start || now - start >= NO_BACKLOG_MILLIS);
            if (now >= deadline || now - start >= MIN_SETTLE_MILLIS && quiet) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private int repairAll(List<Journal.RoomPosition> rooms, boolean afterStart) throws InterruptedException {
        Semaphore slots = new Semaphore(PARALLEL_ROOMS);
        List<int[]> counts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Journal.RoomPosition room : rooms) {
                int[] count = new int[1];
                counts.add(count);
                slots.acquire();
                pool.submit(() -> {
                    try {
                        count[0] = repair(room, afterStart);
                    } catch (RuntimeException e) {
                        LOG.warn("timeline repair skipped {}: {}", room.roomId(), e.toString());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return counts.stream().mapToInt(c -> c[0]).sum();
    }

    /**
     * Reads one room after its position and journals what the journal does not know; returns how many. After
     * start-up what it finds may have been bridged by the previous run while its transaction was being stored (the
     * lanes start before the commit): those events are handed on as {@code replayed}, so that the handler checks.
     */
    private int repair(Journal.RoomPosition position, boolean afterStart) {
        String room = position.roomId();
        int max = config.repair().maxEvents();
        List<JsonNode> events;
        try {
            events = timeline.eventsAfter(room, position.eventId(), position.reader(), max);
        } catch (RuntimeException asReader) {
            if (position.reader().isEmpty()) {
                throw asReader;
            }
            LOG.debug("reading {} as {} failed ({}); reading as the bot", room, position.reader().get(), asReader.toString());
            events = timeline.eventsAfter(room, position.eventId(), Optional.empty(), max);
        }
        long oldest = System.currentTimeMillis() - config.eventRetention().toMillis();
        Map<String, Integer> index = new HashMap<>();
        List<Journal.NewEntry> entries = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode id = event.get("event_id");
            if (!(event instanceof ObjectNode object) || id == null || !id.isString() || !event.path("type").isString()) {
                continue;
            }
            index.put(id.stringValue(), index.size());
            // Older than the event ids the journal remembers: it may have been handled already. Our own users'
            // events are echoes of what the bridge did, and would mostly still be on their way.
            if (event.path("origin_server_ts").asLong(0) >= oldest && !isBridgeUser.test(event.path("sender").asString(""))) {
                object.put("room_id", room);
                entries.add(new Journal.NewEntry(room, false, object, object.toString()));
            }
        }
        if (entries.isEmpty()) {
            return 0;
        }
        Journal.Appended appended = append.apply(entries);
        positions.moveTo(room, entries.getLast().eventId().orElseThrow(), System.currentTimeMillis());
        if (appended.entries().isEmpty()) {
            return 0;
        }
        dispatcher.insertInTimelineOrder(room, appended.entries(), index, afterStart);
        recovered.increment(appended.entries().size());
        LOG.info("recovered {} events of {} from its timeline (they never arrived in a transaction)",
                appended.entries().size(), room);
        if (events.size() >= max) {
            LOG.warn("timeline repair read its limit of {} events in {}; events after them were not checked", max, room);
        }
        return appended.entries().size();
    }

    /** A transaction id for recovered events: never one a homeserver sends. */
    static String transactionId() {
        return "mxbridge-repair-" + UUID.randomUUID();
    }
}
