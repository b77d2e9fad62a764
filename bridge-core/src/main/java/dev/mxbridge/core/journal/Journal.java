package dev.mxbridge.core.journal;

import dev.mxbridge.core.store.Database;
import java.time.Duration;
import java.util.List;

/**
 * Durable storage of homeserver transactions: the spine of the bridge. A transaction is appended (and its id
 * remembered) in one atomic step before the homeserver gets its 200; each event is later completed or failed.
 * Implementations: {@link #jdbc} (H2 or PostgreSQL); a distributed log can implement the same contract.
 *
 * <p>Threading: {@link #append} is called by one thread at a time; the other methods from any thread.
 */
public interface Journal extends AutoCloseable {

    /** Opens the journal kept in {@code db}; transaction ids are remembered for {@code retention}. */
    static Journal jdbc(Database db, Duration retention) {
        return new JdbcJournal(db, retention);
    }

    /**
     * Stores a transaction atomically: after a crash either all of it or none of it is there.
     *
     * @return the stored entries, in order, or {@link Appended#duplicate()} when {@code txnId} was seen before
     */
    Appended append(String txnId, List<NewEntry> events);

    /** The id of the transaction stored last, if any is remembered. */
    java.util.Optional<String> lastTransactionId();

    /** Every entry neither completed nor failed, in arrival order: what a restart must still handle. */
    List<JournalEntry> unfinished();

    /**
     * Marks an entry handled. May be written in a later group commit; {@link #flush()} waits for it. Until it is
     * written, a crash means the entry is handled again after the restart.
     */
    void complete(long seq);

    /** Records that an entry was given up on after {@code attempts} attempts, with the reason. */
    void fail(long seq, int attempts, String reason);

    /** Entries given up on, oldest first, at most {@code limit}. */
    List<FailedEntry> failed(int limit);

    /** Writes every pending {@link #complete} before returning. */
    void flush();

    @Override
    void close();

    /**
     * An event to append.
     *
     * @param lane      room id or {@code ""}
     * @param ephemeral from the {@code ephemeral} list
     * @param event     the parsed event
     * @param json      the event's JSON text, stored as is
     */
    record NewEntry(String lane, boolean ephemeral, tools.jackson.databind.JsonNode event, String json) {
    }

    /**
     * The outcome of {@link #append}.
     *
     * @param duplicate whether the transaction id was already known (nothing was stored)
     * @param entries   what was stored
     */
    record Appended(boolean duplicate, List<JournalEntry> entries) {
        public static Appended ofDuplicate() {
            return new Appended(true, List.of());
        }
    }

    /**
     * An entry given up on.
     *
     * @param entry    the entry
     * @param attempts how often it was tried
     * @param reason   the last error
     */
    record FailedEntry(JournalEntry entry, int attempts, String reason) {
    }
}
