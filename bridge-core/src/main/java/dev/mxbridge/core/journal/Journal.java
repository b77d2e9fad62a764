package dev.mxbridge.core.journal;

import dev.mxbridge.core.store.Database;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Durable storage of homeserver transactions: the spine of the bridge. A transaction is appended (and its id and
 * its events' ids remembered) in one atomic step before the homeserver gets its 200; each event is later completed
 * or failed. Transaction ids are opaque: nothing is inferred from their order. Implementations: {@link #jdbc} (H2 or
 * PostgreSQL); a distributed log can implement the same contract.
 *
 * <p>Threading: {@link #append} is called by one thread at a time; the other methods from any thread.
 */
public interface Journal extends AutoCloseable {

    /** Opens the journal kept in {@code db}; transaction and event ids are remembered for {@code retention}. */
    static Journal jdbc(Database db, Duration retention) {
        return new JdbcJournal(db, retention, retention);
    }

    /**
     * Opens the journal kept in {@code db}; transaction ids are remembered for {@code transactionRetention}, event
     * ids for {@code eventRetention}.
     */
    static Journal jdbc(Database db, Duration transactionRetention, Duration eventRetention) {
        return new JdbcJournal(db, transactionRetention, eventRetention);
    }

    /**
     * Stores a transaction atomically: after a crash either all of it or none of it is there. An event whose id was
     * stored before (in this or an earlier transaction, within the event retention) is left out, and so is a second
     * copy within {@code events}. A {@code txnId} seen before with events not stored before stores those: a
     * homeserver may retry a transaction with more events in it (Dendrite does), and leaving them out would lose them.
     *
     * @return the stored entries, in order, or {@link Appended#duplicate()} when {@code txnId} was seen before and
     *         brought nothing new
     */
    Appended append(String txnId, List<NewEntry> events);

    /**
     * As {@link #append(String, List)}, and hands the entries about to be stored to {@code whileStoring} before the
     * write, so that work on them can overlap the commit: the caller must hold back anything that depends on the
     * entries being stored (completing them, answering the homeserver) until this returns, and treat them as never
     * stored when it throws or reports a duplicate. {@code whileStoring} is called at most once, never with an empty
     * list. This default writes first and hands over after (no overlap); {@link #jdbc} overlaps.
     */
    default Appended append(String txnId, List<NewEntry> events, Consumer<List<JournalEntry>> whileStoring) {
        Appended appended = append(txnId, events);
        if (!appended.duplicate() && !appended.entries().isEmpty()) {
            whileStoring.accept(appended.entries());
        }
        return appended;
    }

    /** The rooms whose position was saved at or after {@code sinceMillis}, newest first, at most {@code limit}. */
    List<RoomPosition> positions(long sinceMillis, int limit);

    /** Saves room positions behind (through the database's write-behind, like completions). */
    void savePositions(Collection<RoomPosition> positions);

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
    record NewEntry(String lane, boolean ephemeral, JsonNode event, String json) {

        /** The event id of a room event; empty for ephemeral events, which have none. */
        public Optional<String> eventId() {
            JsonNode id = ephemeral ? null : event.get("event_id");
            return id != null && id.isString() ? Optional.of(id.stringValue()) : Optional.empty();
        }
    }

    /**
     * The outcome of {@link #append}.
     *
     * @param duplicate whether the transaction id was already known (nothing was stored)
     * @param entries   what was stored
     * @param known     events left out because their id had been received before
     */
    record Appended(boolean duplicate, List<JournalEntry> entries, int known) {
        public static Appended ofDuplicate() {
            return new Appended(true, List.of(), 0);
        }
    }

    /**
     * Where a room's timeline repair starts reading.
     *
     * @param roomId      the room
     * @param eventId     the last event of the room the journal holds
     * @param reader      one of our users last seen in the room (sending or joining), to read it as; empty: the bot
     * @param updatedAt   when the journal last stored an event of the room, epoch milliseconds
     */
    record RoomPosition(String roomId, String eventId, Optional<String> reader, long updatedAt) {
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
