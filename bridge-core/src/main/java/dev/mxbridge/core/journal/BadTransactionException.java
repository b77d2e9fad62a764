package dev.mxbridge.core.journal;

import dev.mxbridge.core.BridgeException;

/** A transaction body without the shape the AS API requires; answered with 400 {@code M_BAD_JSON}. */
public final class BadTransactionException extends BridgeException {
    public BadTransactionException(String message) {
        super(message);
    }
}
