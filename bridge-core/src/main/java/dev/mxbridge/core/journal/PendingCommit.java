package dev.mxbridge.core.journal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The commit of one transaction's entries, which their lanes may start handling while it is written (so the
 * database's write is not on the path of a message to the network). An entry's lane {@linkplain #begin begins}
 * before its handler runs and {@linkplain #end ends} before it completes or fails the entry: {@code end} waits for
 * the outcome, because an entry whose row was never written must not be completed (its sequence number is used again
 * for the homeserver's retry).
 *
 * <p>When the commit fails (or the transaction turns out to be a duplicate), entries not yet begun are skipped: the
 * homeserver resends them. Entries whose handler ran are reported to {@code handledWithoutRow}, so that the resent
 * transaction leaves them out instead of bridging them twice; {@link #drop} waits a while for handlers in progress,
 * so that they are reported before the homeserver is answered.
 *
 * <p>Threading: {@link #stored} and {@link #drop} are called by the thread that appends; {@link #begin} and
 * {@link #end} by lanes.
 */
final class PendingCommit {
    private enum State { WRITING, STORED, DROPPED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Consumer<JournalEntry> handledWithoutRow;
    private State state = State.WRITING;
    private int running;

    /** @param handledWithoutRow told of each entry handled although its commit failed */
    PendingCommit(Consumer<JournalEntry> handledWithoutRow) {
        this.handledWithoutRow = handledWithoutRow;
    }

    /** Before an entry's handler runs; false: the commit failed, skip the entry (it comes again). */
    boolean begin() {
        lock.lock();
        try {
            if (state == State.DROPPED) {
                return false;
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After an entry's handler ran (or gave up), before the entry is completed or failed: waits for the commit's
     * outcome. True: the entry's row is stored, complete it. False: it is not, leave it (reported as handled). The
     * handler counts as ended when this returns or throws.
     */
    boolean end(JournalEntry entry) throws InterruptedException {
        lock.lock();
        try {
            while (state == State.WRITING) {
                changed.await();
            }
            if (state == State.DROPPED) {
                // reported before this handler counts as ended, so that drop() returns only once the resent
                // transaction would leave the entry out
                handledWithoutRow.accept(entry);
            }
            return state == State.STORED;
        } finally {
            running--;
            changed.signalAll();
            lock.unlock();
        }
    }

    /** After a {@link #begin} whose {@link #end} will not come (the lane was interrupted). */
    void abandon() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The commit is durable: entries may complete. */
    void stored() {
        lock.lock();
        try {
            state = State.STORED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The commit failed or stored nothing: entries not begun are skipped; waits up to {@code max} for handlers in
     * progress to end, so that they are reported before the caller answers the homeserver.
     */
    void drop(Duration max) {
        lock.lock();
        try {
            state = State.DROPPED;
            changed.signalAll();
            long left = max.toNanos();
            while (running > 0 && left > 0) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
