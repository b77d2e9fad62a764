package dev.mxbridge.core.journal;

import dev.mxbridge.core.config.BridgeConfig;
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
 */
public final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration BACKPRESSURE_WAIT = Duration.ofSeconds(20);

    private final Journal journal;
    private final Dispatcher dispatcher;
    private final BridgeConfig.Journal config;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter eventsIn;
    private final Counter gaps;
    private GapGuard gapGuard;
    private volatile boolean started;

    /**
     * @param isBridgeUser tells which senders are our own bot and ghosts (their events arrive flagged as echoes)
     */
    public Inbox(Journal journal, EventHandler handler, Predicate<String> isBridgeUser, BridgeConfig.Journal config,
                 MeterRegistry metrics) {
        this.journal = journal;
        this.config = config;
        this.dispatcher = new Dispatcher(journal, handler, isBridgeUser, config, metrics);
        this.accepted = Counter.builder("mxbridge_transactions").tag("result", "stored").register(metrics);
        this.duplicates = Counter.builder("mxbridge_transactions").tag("result", "duplicate").register(metrics);
        this.eventsIn = Counter.builder("mxbridge_events_received").description("events stored in the journal").register(metrics);
        this.gaps = Counter.builder("mxbridge_transaction_gaps")
                .description("transactions refused because an earlier numeric id had not arrived").register(metrics);
    }

    /** Re-queues every unfinished entry of an earlier run; call before the AS API starts taking transactions. */
    public void start() {
        List<JournalEntry> unfinished = journal.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished events from the journal", unfinished.size());
        }
        dispatcher.submit(unfinished, true);
        gapGuard = new GapGuard(config.gapWait(), journal.lastTransactionId());
        started = true;
    }

    /**
     * Stores a transaction and queues its events.
     *
     * @param body the request body: {@code events}, optionally {@code ephemeral} (or the MSC2409 unstable key)
     * @return whether it was new (false: a retry of a known transaction, nothing done)
     * @throws BadTransactionException when the body does not have the transaction's shape; nothing is stored
     * @throws TransactionGapException  when {@code txnId} skips a numeric id not yet received; nothing is stored
     */
    public boolean accept(String txnId, JsonNode body) throws InterruptedException {
        return accept(txnId, JSON.writeValueAsBytes(body));
    }

    /**
     * Stores a transaction given as the request's bytes, each event journaled as the homeserver sent it; otherwise
     * as {@link #accept(String, JsonNode)}.
     *
     * @throws tools.jackson.core.JacksonException when the body is not JSON; nothing is stored
     */
    public boolean accept(String txnId, byte[] body) throws InterruptedException {
        if (!started) {
            throw new IllegalStateException("inbox not started");
        }
        List<Journal.NewEntry> entries = TransactionBody.parse(JSON, body);
        boolean fresh;
        appendLock.lock();
        try {
            try {
                gapGuard.check(txnId);
            } catch (TransactionGapException e) {
                gaps.increment();
                throw e;
            }
            Journal.Appended appended = journal.append(txnId, entries);
            fresh = !appended.duplicate();
            if (fresh) {
                gapGuard.stored(txnId);
                dispatcher.submit(appended.entries(), false);
            }
        } finally {
            appendLock.unlock();
        }
        (fresh ? accepted : duplicates).increment();
        if (fresh) {
            eventsIn.increment(entries.size());
            // Stored already; holding the answer back slows the homeserver down instead of filling memory.
            if (!dispatcher.awaitBelow(config.maxQueuedEvents(), BACKPRESSURE_WAIT)) {
                LOG.warn("{} events queued (limit {}): handlers are not keeping up", dispatcher.queued(), config.maxQueuedEvents());
            }
        }
        return fresh;
    }

    /** Events queued in memory and not yet handled. */
    public int queued() {
        return dispatcher.queued();
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
        journal.flush();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
