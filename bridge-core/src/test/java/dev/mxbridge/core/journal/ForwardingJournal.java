package dev.mxbridge.core.journal;

import java.util.Collection;
import java.util.List;

/** A journal that forwards every call, for tests that change one method. */
class ForwardingJournal implements Journal {
    private final Journal delegate;

    ForwardingJournal(Journal delegate) {
        this.delegate = delegate;
    }

    @Override
    public Appended append(String txnId, List<NewEntry> events) {
        return delegate.append(txnId, events);
    }

    @Override
    public List<RoomPosition> positions(long sinceMillis, int limit) {
        return delegate.positions(sinceMillis, limit);
    }

    @Override
    public void savePositions(Collection<RoomPosition> positions) {
        delegate.savePositions(positions);
    }

    @Override
    public List<JournalEntry> unfinished() {
        return delegate.unfinished();
    }

    @Override
    public void complete(long seq) {
        delegate.complete(seq);
    }

    @Override
    public void fail(long seq, int attempts, String reason) {
        delegate.fail(seq, attempts, reason);
    }

    @Override
    public List<FailedEntry> failed(int limit) {
        return delegate.failed(limit);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
