package dev.mxbridge.core.journal;

import dev.mxbridge.core.BridgeException;

/**
 * A transaction arrived whose numeric id skips one not yet received. It is refused (nothing stored) so that the
 * homeserver treats the push as failed and resends its queue from the oldest unsent transaction — the skipped one.
 */
public final class TransactionGapException extends BridgeException {
    public TransactionGapException(String message) {
        super(message);
    }
}
