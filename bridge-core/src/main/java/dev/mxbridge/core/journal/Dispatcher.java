package dev.mxbridge.core.journal;

import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;

import dev.mxbridge.core.config.BridgeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands journal entries to the handler in per-room order. Each room with queued events has a lane: a queue drained
 * by one virtual thread that exists only while the queue is non-empty, so idle rooms cost nothing. While
 * {@link #hold held} (a timeline repair), lanes finish the event in hand and wait; the repair puts the events it
 * recovered into their lanes in timeline order ({@link #insertInTimelineOrder}) before it {@link #release releases}.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Journal journal;
    private final EventHandler handler;
    private final Predicate<String> isBridgeUser;
    private final BridgeConfig.Journal config;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger runningLanes = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Condition released = lock.newCondition();
    private volatile boolean stopping;
    private volatile boolean held;

    private final Counter done;
    private final Counter failed;
    private final Counter retried;
    private final Timer handlerTime;
    private final Timer lag;

    Dispatcher(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
               MeterRegistry metrics) {
        this.journal = journal;
        this.handler = handler;
        this.isBridgeUser = isBridgeUser;
        this.config = config;
        this.done = Counter.builder("mxbridge_events_handled").description("events handled").register(metrics);
        this.failed = Counter.builder("mxbridge_events_failed").description("events given up on after retries").register(metrics);
        this.retried = Counter.builder("mxbridge_events_retried").description("handler attempts that threw and were retried").register(metrics);
        this.handlerTime = Timer.builder("mxbridge_handler_latency").description("time a handler takes per event")
                .publishPercentileHistogram().register(metrics);
        this.lag = Timer.builder("mxbridge_journal_lag").description("time from storing an event to finishing it")
                .publishPercentileHistogram().register(metrics);
        Gauge.builder("mxbridge_lane_queue_depth", queued, AtomicInteger::get)
                .description("events queued in all room lanes").register(metrics);
        Gauge.builder("mxbridge_lanes_active", lanes, ConcurrentHashMap::size)
                .description("rooms with events queued or being handled").register(metrics);
        Gauge.builder("mxbridge_journal_oldest_age_seconds", this, Dispatcher::oldestAgeSeconds)
                .description("age of the oldest queued event").register(metrics);
    }

    /** Queues entries; each starts its room's lane if it is idle. */
    void submit(Iterable<JournalEntry> entries, boolean replayed) {
        for (JournalEntry entry : entries) {
            queued.incrementAndGet();
            Lane[] start = new Lane[1];
            lanes.compute(entry.lane(), (room, lane) -> {
                Lane l = lane == null ? new Lane(room) : lane;
                l.queue.add(new Item(entry, replayed));
                if (!l.running) {
                    l.running = true;
                    start[0] = l;
                }
                return l;
            });
            if (start[0] != null) {
                runningLanes.incrementAndGet();
                Thread.ofVirtual().name("lane-" + entry.lane()).start(start[0]);
            }
        }
    }

    int queued() {
        return queued.get();
    }

    /** Lets lanes finish the event in hand, then wait until {@link #release}; submitting still queues. */
    void hold() {
        held = true;
    }

    /** Lets held lanes go on. */
    void release() {
        lock.lock();
        try {
            held = false;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds recovered entries to a room's lane and orders the lane by timeline position: an entry whose event is at
     * {@code index.get(id)} goes there; one not in the index (earlier events, ephemeral ones) stays right after the
     * entry it followed. Call while held, so no lane takes an entry meanwhile.
     */
    void insertInTimelineOrder(String room, List<JournalEntry> recovered, Map<String, Integer> index) {
        queued.addAndGet(recovered.size());
        Lane[] start = new Lane[1];
        lanes.compute(room, (r, lane) -> {
            Lane l = lane == null ? new Lane(r) : lane;
            List<Item> items = new ArrayList<>(l.queue);
            l.queue.clear();
            List<Map.Entry<Long, Item>> keyed = new ArrayList<>(items.size() + recovered.size());
            long previous = -2;
            for (Item item : items) {
                Integer at = index.get(item.entry.event().path("event_id").asString(""));
                long key = at == null || item.entry.ephemeral() ? previous + 1 : 2L * at;
                previous = at == null || item.entry.ephemeral() ? previous : 2L * at;
                keyed.add(Map.entry(key, item));
            }
            for (JournalEntry e : recovered) {
                keyed.add(Map.entry(2L * index.getOrDefault(e.event().path("event_id").asString(""), Integer.MAX_VALUE / 2),
                        new Item(e, false)));
            }
            keyed.sort(Map.Entry.comparingByKey()); // stable: equal keys keep their order
            keyed.forEach(k -> l.queue.add(k.getValue()));
            if (!l.running && !l.queue.isEmpty()) {
                l.running = true;
                start[0] = l;
            }
            return l.queue.isEmpty() && !l.running ? null : l;
        });
        if (start[0] != null) {
            runningLanes.incrementAndGet();
            Thread.ofVirtual().name("lane-" + room).start(start[0]);
        }
    }

    /** Blocks while more than {@code limit} events are queued, at most {@code max}; returns whether it is below. */
    boolean awaitBelow(int limit, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (queued.get() > limit) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets every lane finish the event in hand, then stops; queued events stay unfinished in the journal. */
    void stop(Duration grace) throws InterruptedException {
        stopping = true;
        release();
        long deadline = System.nanoTime() + grace.toNanos();
        while (runningLanes.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        lanes.values().forEach(l -> {
            Thread t = l.thread;
            if (t != null) {
                t.interrupt();
            }
        });
    }

    private double oldestAgeSeconds() {
        long oldest = Long.MAX_VALUE;
        for (Lane lane : lanes.values()) {
            Item head = lane.queue.peek();
            if (head != null) {
                oldest = Math.min(oldest, head.entry.receivedAt());
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : (System.currentTimeMillis() - oldest) / 1000.0;
    }

    private record Item(JournalEntry entry, boolean replayed) {
    }

    private final class Lane implements Runnable {
        final String room;
        final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
        boolean running; // guarded by lanes.compute on this room
        volatile Thread thread;

        Lane(String room) {
            this.room = room;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                drain();
            } finally {
                thread = null;
                runningLanes.decrementAndGet();
            }
        }

        private void drain() {
            while (true) {
                if (held && !awaitRelease()) {
                    return;
                }
                Item[] next = new Item[1];
                lanes.compute(room, (r, l) -> {
                    next[0] = stopping ? null : queue.poll();
                    if (next[0] == null) {
                        running = false;
                        return queue.isEmpty() ? null : l;
                    }
                    return l;
                });
                if (next[0] == null || !handle(next[0])) {
                    return;
                }
            }
        }

        /** Runs the handler with retries; false when interrupted by shutdown (the entry stays unfinished). */
        private boolean handle(Item item) {
            JournalEntry e = item.entry;
            String sender = e.event().path("sender").asString("");
            boolean echo = !sender.isEmpty() && isBridgeUser.test(sender);
            Optional<String> room = e.lane().isEmpty() ? Optional.empty() : Optional.of(e.lane());
            try {
                for (int attempt = 1; ; attempt++) {
                    InboundEvent event = new InboundEvent(e.seq(), e.txnId(), room, e.ephemeral(), echo,
                            item.replayed, attempt, e.event());
                    long start = System.nanoTime();
                    try {
                        handler.handle(event);
                        handlerTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        journal.complete(e.seq());
                        done.increment();
                        return true;
                    } catch (InterruptedException ie) {
                        throw ie;
                    } catch (Exception | Error ex) {
                        if (ex instanceof Error err && !(ex instanceof AssertionError)) {
                            LOG.error("handler crashed on event {} in {}", event.idempotencyKey(), room.orElse("(no room)"), err);
                        }
                        handlerTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        if (attempt >= config.maxAttempts()) {
                            String reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                            LOG.warn("giving up on event {} in {} after {} attempts: {}", event.idempotencyKey(),
                                    room.orElse("(no room)"), attempt, reason);
                            journal.fail(e.seq(), attempt, reason);
                            failed.increment();
                            try {
                                handler.gaveUp(event, ex);
                            } catch (RuntimeException hook) {
                                LOG.warn("handler's gaveUp failed on {}: {}", event.idempotencyKey(), hook.toString());
                            }
                            return true;
                        }
                        retried.increment();
                        LOG.debug("handler failed on {} (attempt {}), retrying: {}", event.idempotencyKey(), attempt, ex.toString());
                        Thread.sleep(backoff(attempt));
                    }
                }
            } catch (InterruptedException ie) {
                return false;
            } finally {
                lag.record(System.currentTimeMillis() - e.receivedAt(), TimeUnit.MILLISECONDS);
                if (queued.decrementAndGet() <= config.maxQueuedEvents()) {
                    lock.lock();
                    try {
                        drained.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }

        /** Waits while the dispatcher is held; false when interrupted (shutdown): the lane stops. */
        private boolean awaitRelease() {
            lock.lock();
            try {
                while (held && !stopping) {
                    released.await();
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            } finally {
                lock.unlock();
            }
        }

        private long backoff(int attempt) {
            long base = config.retryInitial().toMillis() << Math.min(attempt - 1, 20);
            long capped = Math.min(base, config.retryMax().toMillis());
            return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        }
    }
}
