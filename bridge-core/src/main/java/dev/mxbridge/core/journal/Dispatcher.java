package dev.mxbridge.core.journal;

import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;
import dev.mxbridge.core.handler.PermanentFailure;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.order.Lanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands journal entries to the handler in per-room order, through the bridge's {@link Lanes}: an entry runs in its
 * room's lane (the lane the network side also bridges that room's remote events in). While {@link #hold held} (a
 * timeline repair), lanes finish the task in hand and wait; the repair puts the events it recovered into their lanes
 * in timeline order ({@link #insertInTimelineOrder}) before it {@link #release releases}.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Off unless TRACE: when a lane starts and completes each event (epoch µs), steps of bench/run-e2e.sh's trace. */
    private static final Logger TRACE = LoggerFactory.getLogger("dev.mxbridge.trace");
    /** The SLF4J MDC keys set while an event is handled: its room and its Matrix event id. */
    static final String MDC_ROOM = "room_id";
    static final String MDC_EVENT = "event_id";

    private final Journal journal;
    private final EventHandler handler;
    private final Predicate<String> isBridgeUser;
    private final BridgeConfig.Journal config;
    private final Lanes lanes;
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();

    private final Counter done;
    private final Counter failed;
    private final Counter retried;
    private final Timer handlerTime;
    private final Timer lag;

    Dispatcher(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
               Lanes lanes, MeterRegistry metrics) {
        this.journal = journal;
        this.handler = handler;
        this.isBridgeUser = isBridgeUser;
        this.config = config;
        this.lanes = lanes;
        this.done = Counter.builder("mxbridge_events_handled").description("events handled").register(metrics);
        this.failed = Counter.builder("mxbridge_events_failed").description("events given up on after retries").register(metrics);
        this.retried = Counter.builder("mxbridge_events_retried").description("handler attempts that threw and were retried").register(metrics);
        this.handlerTime = Timer.builder("mxbridge_handler_latency").description("time a handler takes per event")
                .publishPercentileHistogram().register(metrics);
        this.lag = Timer.builder("mxbridge_journal_lag").description("time from storing an event to finishing it")
                .publishPercentileHistogram().register(metrics);
        Gauge.builder("mxbridge_lane_queue_depth", queued, AtomicInteger::get)
                .description("journal events queued in all room lanes").register(metrics);
        Gauge.builder("mxbridge_lanes_active", lanes, Lanes::active)
                .description("lanes (rooms) with work queued or running, in either direction").register(metrics);
        Gauge.builder("mxbridge_journal_oldest_age_seconds", lanes,
                        l -> l.oldestQueuedAt().stream().mapToDouble(at -> (System.currentTimeMillis() - at) / 1000.0).findFirst().orElse(0))
                .description("age of the oldest queued event, in either direction").register(metrics);
    }

    /** Queues stored entries at the end of their rooms' lanes. */
    void submit(Iterable<JournalEntry> entries, boolean replayed) {
        submit(entries, null, replayed);
    }

    /**
     * Queues entries at the end of their rooms' lanes.
     *
     * @param commit   the commit being written that stores them (each completes only once it is stored), or null
     *                 for entries stored already
     * @param replayed whether they may have been handled before (see {@link dev.mxbridge.core.handler.InboundEvent#replayed})
     */
    void submit(Iterable<JournalEntry> entries, PendingCommit commit, boolean replayed) {
        for (JournalEntry entry : entries) {
            queued.incrementAndGet();
            lanes.submit(entry.lane(), new Item(entry, replayed, commit));
        }
    }

    int queued() {
        return queued.get();
    }

    /** Lets lanes finish the task in hand, then wait until {@link #release}; submitting still queues. */
    void hold() {
        lanes.hold();
    }

    /** Lets held lanes go on. */
    void release() {
        lanes.release();
    }

    /**
     * Adds recovered entries to a room's lane and orders the lane by timeline position: an entry whose event is at
     * {@code index.get(id)} goes there; one not in the index (earlier events, ephemeral ones, remote events) stays
     * right after the task it followed. Call while held, so no lane takes a task meanwhile.
     */
    void insertInTimelineOrder(String room, List<JournalEntry> recovered, Map<String, Integer> index, boolean replayed) {
        queued.addAndGet(recovered.size());
        lanes.reorder(room, tasks -> {
            List<Map.Entry<Long, Lanes.Task>> keyed = new ArrayList<>(tasks.size() + recovered.size());
            long previous = -2;
            for (Lanes.Task task : tasks) {
                Integer at = task instanceof Item item && !item.entry.ephemeral()
                        ? index.get(item.entry.event().path("event_id").asString("")) : null;
                long key = at == null ? previous + 1 : 2L * at;
                previous = at == null ? previous : 2L * at;
                keyed.add(Map.entry(key, task));
            }
            for (JournalEntry e : recovered) {
                keyed.add(Map.entry(2L * index.getOrDefault(e.event().path("event_id").asString(""), Integer.MAX_VALUE / 2),
                        new Item(e, replayed, null)));
            }
            keyed.sort(Map.Entry.comparingByKey()); // stable: equal keys keep their order
            return keyed.stream().map(Map.Entry::getValue).collect(java.util.stream.Collectors.toList());
        });
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

    /** Lets every lane finish the task in hand, then stops; queued events stay unfinished in the journal. */
    void stop(Duration grace) throws InterruptedException {
        lanes.stop(grace);
    }

    /**
     * A journal entry in its room's lane: the handler runs with retries, then the entry is completed or failed, once
     * its commit (if it was queued while being written) is stored.
     */
    private final class Item implements Lanes.Task {
        final JournalEntry entry;
        final boolean replayed;
        final PendingCommit commit; // null: stored before it was queued
        boolean ended; // commit.end called

        Item(JournalEntry entry, boolean replayed, PendingCommit commit) {
            this.entry = entry;
            this.replayed = replayed;
            this.commit = commit;
        }

        /** Whether the entry's row is stored, so it may be completed or failed; waits for a commit being written. */
        private boolean stored() throws InterruptedException {
            if (commit == null) {
                return true;
            }
            ended = true; // end() counts the handler as ended even when interrupted
            return commit.end(entry);
        }

        @Override
        public long queuedAt() {
            return entry.receivedAt();
        }

        @Override
        public void run() throws InterruptedException {
            if (commit != null && !commit.begin()) {
                finished(); // its commit failed: the homeserver sends it again
                return;
            }
            JournalEntry e = entry;
            String sender = e.event().path("sender").asString("");
            boolean echo = !sender.isEmpty() && isBridgeUser.test(sender);
            Optional<String> room = e.lane().isEmpty() ? Optional.empty() : Optional.of(e.lane());
            // Every line logged while the event is handled carries its room and event (JSON logs show them as fields).
            room.ifPresent(r -> MDC.put(MDC_ROOM, r));
            String eventId = e.event().path("event_id").asString("");
            if (!eventId.isEmpty()) {
                MDC.put(MDC_EVENT, eventId);
            }
            try {
                for (int attempt = 1; ; attempt++) {
                    InboundEvent event = new InboundEvent(e.seq(), e.txnId(), room, e.ephemeral(), echo,
                            replayed, attempt, e.event());
                    long start = System.nanoTime();
                    if (TRACE.isTraceEnabled()) {
                        TRACE.trace("step-lane {} {}", Inbox.epochMicros(), e.event().path("type").asString(""));
                    }
                    try {
                        handler.handle(event);
                        handlerTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        if (stored()) {
                            journal.complete(e.seq());
                        }
                        if (TRACE.isTraceEnabled()) {
                            TRACE.trace("step-completed {}", Inbox.epochMicros());
                        }
                        done.increment();
                        return;
                    } catch (InterruptedException ie) {
                        throw ie;
                    } catch (Exception | Error ex) {
                        if (ex instanceof Error err && !(ex instanceof AssertionError)) {
                            LOG.error("handler crashed on event {} in {}", event.idempotencyKey(), room.orElse("(no room)"), err);
                        }
                        handlerTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        if (attempt >= config.maxAttempts() || permanent(ex)) {
                            String reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                            LOG.warn("giving up on event {} in {} after {} attempts: {}", event.idempotencyKey(),
                                    room.orElse("(no room)"), attempt, reason);
                            if (stored()) {
                                journal.fail(e.seq(), attempt, reason);
                            }
                            failed.increment();
                            try {
                                handler.gaveUp(event, ex);
                            } catch (RuntimeException hook) {
                                LOG.warn("handler's gaveUp failed on {}: {}", event.idempotencyKey(), hook.toString());
                            }
                            return;
                        }
                        retried.increment();
                        LOG.debug("handler failed on {} (attempt {}), retrying: {}", event.idempotencyKey(), attempt, ex.toString());
                        Thread.sleep(backoff(attempt));
                    }
                }
            } finally {
                if (commit != null && !ended) {
                    commit.abandon();
                }
                MDC.remove(MDC_ROOM);
                MDC.remove(MDC_EVENT);
                lag.record(System.currentTimeMillis() - e.receivedAt(), TimeUnit.MILLISECONDS);
                finished();
            }
        }

        private void finished() {
            if (queued.decrementAndGet() <= config.maxQueuedEvents()) {
                lock.lock();
                try {
                    drained.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Whether the exception, or one of its causes, says that trying again cannot help. */
        private static boolean permanent(Throwable ex) {
            for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof PermanentFailure p && p.permanent()) {
                    return true;
                }
            }
            return false;
        }

        private long backoff(int attempt) {
            long base = config.retryInitial().toMillis() << Math.min(attempt - 1, 20);
            long capped = Math.min(base, config.retryMax().toMillis());
            return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        }
    }
}
