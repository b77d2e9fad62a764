package dev.mxbridge.core.migrate;

import dev.mxbridge.core.BridgeException;

/** A migration that cannot start or did not verify; the message says why and what to do. */
public final class MigrationException extends BridgeException {
    MigrationException(String message) {
        super(message);
    }

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
