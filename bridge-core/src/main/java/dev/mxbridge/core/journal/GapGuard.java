package dev.mxbridge.core.journal;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the homeserver's transaction ids for holes. Synapse numbers an application service's transactions
 * 1, 2, 3, ...; a race in its recovery can leave one stored but unsent while later ones flow (seen in our crash
 * test: transaction 790 was never pushed after the recoverer finished at 789). Refusing the transaction after the
 * hole sends Synapse back into recovery, which pushes from its oldest unsent transaction — the missing one — and
 * keeps the order. A hole that stays open longer than the configured wait is accepted with a warning, so a
 * homeserver with different numbering is never stalled for good. Non-numeric ids are not checked.
 *
 * <p>Not thread-safe: called under the inbox's append lock.
 */
final class GapGuard {
    private static final Logger LOG = LoggerFactory.getLogger(GapGuard.class);

    private final long waitNanos;
    private long last = -1;
    private long openSince;

    GapGuard(Duration wait, Optional<String> lastStored) {
        this.waitNanos = wait.toNanos();
        lastStored.map(GapGuard::numeric).filter(OptionalLong::isPresent).ifPresent(n -> last = n.getAsLong());
    }

    /** Throws when {@code txnId} skips a transaction that may still come. */
    void check(String txnId) {
        OptionalLong n = numeric(txnId);
        if (n.isEmpty() || last < 0 || n.getAsLong() <= last + 1) {
            return;
        }
        long now = System.nanoTime();
        if (openSince == 0) {
            openSince = now;
        }
        String missing = last + 1 == n.getAsLong() - 1 ? Long.toString(last + 1) : (last + 1) + ".." + (n.getAsLong() - 1);
        if (now - openSince < waitNanos) {
            throw new TransactionGapException("transaction " + txnId + " skips " + missing
                    + ": refused so the homeserver resends from the oldest unsent transaction");
        }
        LOG.warn("the homeserver did not resend transaction(s) {} within the gap wait; accepting {} without them",
                missing, txnId);
    }

    /** Records a stored transaction. */
    void stored(String txnId) {
        OptionalLong n = numeric(txnId);
        if (n.isPresent() && n.getAsLong() > last) {
            last = n.getAsLong();
            openSince = 0;
        }
    }

    private static OptionalLong numeric(String txnId) {
        if (txnId.isEmpty() || txnId.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < txnId.length(); i++) {
            if (!Character.isDigit(txnId.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(txnId));
    }
}
