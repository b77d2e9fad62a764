package dev.mxbridge.core.store;

import dev.mxbridge.core.BridgeException;

/** A database operation failed; the cause is the driver's exception. */
public final class StoreException extends BridgeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
