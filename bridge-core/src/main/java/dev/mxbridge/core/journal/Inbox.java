package dev.mxbridge.core.journal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.handler.EventHandler;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.order.Lanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where homeserver transactions enter the bridge: {@link #accept} checks a transaction's shape, stores it in the
 * {@link Journal}, and queues its events for the handler; {@link #start()} first re-queues what a previous run left
 * unfinished. The AS HTTP API answers 200 only after {@link #accept} returns.
 *
 * <p>Transaction ids are opaque: a homeserver numbers transactions for all its application services from one
 * sequence, so ids skip, and nothing is refused for that. An event that arrives twice (in a retry under another id,
 * after a homeserver restart or a restored database) is journaled once. Events the homeserver never sends are found
 * by the {@link Timeline} repair after start-up and after the homeserver resumes following a failed transaction
 * (see {@link #repair}), and, while it recovers, when an id skips one of a homeserver that numbers our transactions
 * one after another.
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    /**
     * Off unless DEBUG: when each message arrived (epoch µs); at TRACE also when its transaction is in the journal.
     * Steps of bench/run-e2e.sh's trace.
     */
    private static final Logger TRACE = LoggerFactory.getLogger("dev.mxbridge.trace");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration BACKPRESSURE_WAIT = Duration.ofSeconds(20);
    /** How long a failed commit waits for handlers in progress on its events before the homeserver is answered. */
    private static final Duration DROP_WAIT = Duration.ofSeconds(10);
    /** How long after start-up or a failure a skipped transaction id starts a repair round. */
    private static final Duration RECOVERY_WINDOW = Duration.ofMinutes(5);
    /** Transactions numbered one after another before a skipped id counts as one lost. */
    static final int CONSECUTIVE = 20;

    private final Journal journal;
    private final Dispatcher dispatcher;
    private final BridgeConfig.Journal config;
    private final RoomPositions positions;
    private final Predicate<String> isBridgeUser;
    private final TimelineRepair repair;
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Events bridged although their transaction's commit failed, by event id, for an hour: left out of its resend. */
    private final Cache<String, Boolean> handledWithoutRow = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(1)).build();
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter eventsIn;
    private final Counter knownEvents;
    private final Counter idGaps;
    private final Counter ownSends;
    private long lastNumericId = -1;
    /** How many transactions in a row had the id after the one before (guarded by the append lock). */
    private int consecutiveIds;
    /** Until when a skipped transaction id starts a repair round (epoch ms): a while after start-up or a failure. */
    private volatile long recoveringUntil;
    /**
     * Whether a skipped id's repair round found nothing missing: the homeserver gives ids to other application
     * services too (Synapse numbers all of them from one sequence), so a skip says nothing about a loss.
     */
    private volatile boolean idsShared;
    /**
     * Until a transaction is stored after start-up (guarded by the append lock): the first one may be the homeserver
     * resending the transaction that was being stored when the previous run died, whose events that run's lanes may
     * have bridged already (they start before the commit). Its events are handed on as replayed, so handlers check.
     */
    private boolean firstSinceStart = true;
    private volatile long lastTransactionAt;
    private volatile List<Journal.RoomPosition> positionsAtFailure; // non-null: repair after the next success
    private volatile boolean started;
    private volatile boolean received;

    /** An inbox without timeline repair. */
    public Inbox(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
                 MeterRegistry metrics) {
        this(journal, handler, isBridgeUser, config, Timeline.NONE, metrics);
    }

    /**
     * @param isBridgeUser tells which senders are our own bot and ghosts (their events arrive flagged as echoes)
     * @param timeline     where the repair reads rooms' timelines ({@link Timeline#NONE}: no repair)
     */
    public Inbox(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
                 Timeline timeline, MeterRegistry metrics) {
        this(journal, handler, isBridgeUser, config, timeline, new Lanes("lane"), metrics);
    }

    /**
     * @param lanes the bridge's lanes, shared with the network side so that both directions of a room run in one
     *              order; the inbox {@linkplain #close stops} them
     */
    public Inbox(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
                 Timeline timeline, Lanes lanes, MeterRegistry metrics) {
        this.journal = journal;
        this.config = config;
        this.isBridgeUser = isBridgeUser;
        this.dispatcher = new Dispatcher(journal, handler, isBridgeUser, config, lanes, metrics);
        this.positions = new RoomPositions(journal, isBridgeUser);
        this.repair = new TimelineRepair(timeline, dispatcher, positions, config, this::appendRecovered,
                () -> lastTransactionAt, isBridgeUser, metrics);
        this.accepted = Counter.builder("mxbridge_transactions").tag("result", "stored").register(metrics);
        this.duplicates = Counter.builder("mxbridge_transactions").tag("result", "duplicate").register(metrics);
        this.eventsIn = Counter.builder("mxbridge_events_received").description("events stored in the journal").register(metrics);
        this.knownEvents = Counter.builder("mxbridge_events_duplicate")
                .description("events left out because their event id had arrived before").register(metrics);
        this.ownSends = Counter.builder("mxbridge_events_own_sends")
                .description("our own bot's and ghosts' messages coming back, left out of the journal").register(metrics);
        this.idGaps = Counter.builder("mxbridge_transaction_id_gaps")
                .description("numeric transaction ids that skipped others (informational: a homeserver numbers all "
                        + "its application services' transactions from one sequence)").register(metrics);
    }

    /**
     * Re-queues every unfinished entry of an earlier run; call before the AS API starts taking transactions. With a
     * timeline, handling waits for the start-up repair: until the homeserver's backlog has arrived (at most
     * {@code journal.repair.settle}) and the recently active rooms' timelines have been read.
     */
    public void start() {
        List<JournalEntry> unfinished = journal.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished events from the journal", unfinished.size());
        }
        List<Journal.RoomPosition> rooms = repair.enabled() ? repair.snapshot(true) : List.of();
        if (!rooms.isEmpty()) {
            dispatcher.hold();
        }
        dispatcher.submit(unfinished, true);
        lastTransactionAt = System.currentTimeMillis();
        recoveringUntil = lastTransactionAt + RECOVERY_WINDOW.toMillis();
        started = true;
        repair.start("start-up", rooms, !rooms.isEmpty());
    }

    /** The trace's receipt of each message in a transaction, from the parse the journal needs anyway. */
    private static void traceReceipt(long micros, List<Journal.NewEntry> entries) {
        for (Journal.NewEntry entry : entries) {
            if (!entry.ephemeral() && "m.room.message".equals(entry.event().path("type").asString(""))) {
                TRACE.debug("as-receipt {} {}", micros, entry.eventId().orElse(""));
            }
        }
    }

    /** Now, in microseconds since the epoch: the trace's clock. */
    static long epochMicros() {
        return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
    }

    /**
     * Stores a transaction and queues its events.
     *
     * @param body the request body: {@code events}, optionally {@code ephemeral} (or the MSC2409 unstable key)
     * @return whether it was new (false: a retry of a known transaction, nothing done)
     * @throws BadTransactionException when the body does not have the transaction's shape; nothing is stored
     */
    public boolean accept(String txnId, JsonNode body) throws InterruptedException {
        return accept(txnId, JSON.writeValueAsBytes(body));
    }

    /**
     * Stores a transaction given as the request's bytes, each event journaled as the homeserver sent it; otherwise
     * as {@link #accept(String, JsonNode)}. When storing fails, the homeserver is answered with an error and will
     * resend, and a timeline repair follows the next transaction stored (a homeserver recovering from a failed
     * transaction has been seen to leave one unsent).
     *
     * @throws tools.jackson.core.JacksonException when the body is not JSON; nothing is stored
     */
    public boolean accept(String txnId, byte[] body) throws InterruptedException {
        if (!started) {
            throw new IllegalStateException("inbox not started");
        }
        long receivedMicros = TRACE.isDebugEnabled() ? epochMicros() : 0;
        List<Journal.NewEntry> parsed = TransactionBody.parse(JSON, body);
        if (receivedMicros != 0) {
            traceReceipt(receivedMicros, parsed);
        }
        List<Journal.NewEntry> entries = withoutHandled(parsed);
        List<Journal.NewEntry> toStore = withoutOwnSends(entries);
        Journal.Appended appended;
        List<Journal.RoomPosition> beforeLost;
        appendLock.lock();
        try {
            lastTransactionAt = System.currentTimeMillis();
            beforeLost = positionsIfOneWasSkipped(txnId);
            if (beforeLost != null) {
                dispatcher.hold(); // this transaction's events wait for what the skipped one carried
            }
            // The lanes start on the events while the commit is written; they complete them only once it is stored.
            PendingCommit commit = new PendingCommit(this::handledWithoutRow);
            boolean mayBeResend = firstSinceStart;
            try {
                appended = toStore.isEmpty() && !entries.isEmpty() ? new Journal.Appended(false, List.of(), 0)
                        : journal.append(txnId, toStore, stored -> dispatcher.submit(stored, commit, mayBeResend));
                if (TRACE.isTraceEnabled()) {
                    TRACE.trace("step-journaled {}", epochMicros());
                }
            } catch (RuntimeException e) {
                commit.drop(DROP_WAIT);
                if (beforeLost != null) {
                    dispatcher.release();
                }
                if (positionsAtFailure == null && repair.enabled()) {
                    positionsAtFailure = repair.snapshot(false);
                }
                throw e;
            }
            if (appended.duplicate()) {
                commit.drop(DROP_WAIT);
                if (beforeLost != null) {
                    dispatcher.release();
                }
            } else {
                commit.stored();
                firstSinceStart &= toStore.isEmpty();
                countIdGap(txnId);
                positions.stored(entries, lastTransactionAt);
            }
        } finally {
            appendLock.unlock();
        }
        if (appended.duplicate()) {
            duplicates.increment();
            return false;
        }
        if (beforeLost != null) {
            repair.startForLostTransaction("transaction " + txnId + " came after a skipped id", beforeLost, found -> {
                if (found == 0 && !idsShared) {
                    idsShared = true;
                    LOG.info("transaction ids skip with nothing lost: the homeserver numbers other application services'"
                            + " transactions from the same sequence, so a skipped id no longer starts a repair round");
                }
            });
        }
        received = true;
        accepted.increment();
        eventsIn.increment(appended.entries().size());
        knownEvents.increment(appended.known() + parsed.size() - entries.size());
        ownSends.increment(entries.size() - toStore.size());
        List<Journal.RoomPosition> repairFrom = positionsAtFailure;
        if (repairFrom != null) {
            positionsAtFailure = null;
            recoveringUntil = System.currentTimeMillis() + RECOVERY_WINDOW.toMillis();
            repair.start("the homeserver resumed after a failed transaction", repairFrom, false);
        }
        // Stored already; holding the answer back slows the homeserver down instead of filling memory.
        if (!dispatcher.awaitBelow(config.maxQueuedEvents(), BACKPRESSURE_WAIT)) {
            LOG.warn("{} events queued (limit {}): handlers are not keeping up", dispatcher.queued(), config.maxQueuedEvents());
        }
        return true;
    }

    /**
     * Starts a timeline repair round in the background (or another after the running one): call when the homeserver
     * may have lost events, e.g. after it was unreachable. Does nothing without a timeline.
     */
    public void repair(String why) {
        if (repair.enabled()) {
            recoveringUntil = System.currentTimeMillis() + RECOVERY_WINDOW.toMillis();
            repair.start(why, repair.snapshot(false), false);
        }
    }

    private Journal.Appended appendRecovered(List<Journal.NewEntry> entries) {
        appendLock.lock();
        try {
            return journal.append(TimelineRepair.transactionId(), withoutHandled(entries));
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * The events without our own bot's and ghosts' room events that change no state (their messages, reactions and
     * redactions): the bridge's own sends coming back, which no handler acts on, so they are neither journaled nor
     * queued. That takes a journal write, a completion and a lane's turn off every message bridged to Matrix. Their
     * state events stay (a ghost's join is what a later kick is judged against), and so do ephemeral events.
     */
    private List<Journal.NewEntry> withoutOwnSends(List<Journal.NewEntry> entries) {
        if (entries.stream().noneMatch(this::isOwnSend)) {
            return entries;
        }
        return entries.stream().filter(e -> !isOwnSend(e)).toList();
    }

    private boolean isOwnSend(Journal.NewEntry e) {
        if (e.ephemeral() || e.event().has("state_key")) {
            return false;
        }
        String sender = e.event().path("sender").asString("");
        return !sender.isEmpty() && isBridgeUser.test(sender);
    }

    /**
     * The events without those handled while the commit of an earlier copy of them failed: the homeserver resends a
     * transaction it got an error for (and a timeline repair may find them), and what a lane bridged meanwhile is not
     * bridged again. Known for an hour, in memory only.
     */
    private List<Journal.NewEntry> withoutHandled(List<Journal.NewEntry> entries) {
        if (handledWithoutRow.estimatedSize() == 0) {
            return entries;
        }
        return entries.stream()
                .filter(e -> e.eventId().map(id -> handledWithoutRow.getIfPresent(id) == null).orElse(true))
                .toList();
    }

    private void handledWithoutRow(JournalEntry entry) {
        String id = entry.ephemeral() ? "" : entry.event().path("event_id").asString("");
        if (!id.isEmpty()) {
            handledWithoutRow.put(id, Boolean.TRUE);
        }
    }

    /** Counts a numeric id that skips others; only for the metric, nothing depends on it. */
    private void countIdGap(String txnId) {
        long id = numericId(txnId);
        if (id < 0) {
            return;
        }
        if (lastNumericId >= 0 && id == lastNumericId + 1) {
            consecutiveIds++;
        } else if (lastNumericId >= 0 && id > lastNumericId + 1) {
            idGaps.increment();
            consecutiveIds = 0;
        }
        lastNumericId = Math.max(lastNumericId, id);
    }

    /**
     * Where the recently active rooms stand, if this transaction's id skips one of a homeserver that has numbered our
     * transactions one after another ({@value #CONSECUTIVE} in a row) while it recovers (after start-up or a failure):
     * Synapse has been seen to leave the transaction it created as its recovery ended unsent until its next recovery.
     * A round read from there, before this transaction's events are handed on, bridges the skipped one's in order.
     * A homeserver that numbers all its application services' transactions from one sequence skips ids all the time
     * and rarely gets here: only when the others were quiet for {@value #CONSECUTIVE} of ours, and once such a round
     * finds nothing missing, never again in this run. Null otherwise. Called under the append lock.
     */
    private List<Journal.RoomPosition> positionsIfOneWasSkipped(String txnId) {
        long id = numericId(txnId);
        if (idsShared || id < 0 || lastNumericId < 0 || id <= lastNumericId + 1 || consecutiveIds < CONSECUTIVE
                || !repair.enabled() || System.currentTimeMillis() > recoveringUntil) {
            return null;
        }
        return repair.snapshot(false);
    }

    /** The transaction id as a number, or -1 if it is not one. */
    private static long numericId(String txnId) {
        return txnId.isEmpty() || txnId.length() > 18 || !txnId.chars().allMatch(Character::isDigit) ? -1
                : Long.parseLong(txnId);
    }

    /** Events queued in memory and not yet handled. */
    public int queued() {
        return dispatcher.queued();
    }

    /** Whether a transaction has been stored since {@link #start()}: proof that the homeserver reaches us. */
    public boolean hasReceived() {
        return received;
    }

    /** Whether {@link #start()} has run. */
    public boolean isStarted() {
        return started;
    }

    /** Lets handlers finish the event in hand (up to {@code grace}), then writes outstanding completions. */
    public void stop(Duration grace) {
        try {
            dispatcher.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLock.lock();
        try {
            positions.save();
        } finally {
            appendLock.unlock();
        }
        journal.flush();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
