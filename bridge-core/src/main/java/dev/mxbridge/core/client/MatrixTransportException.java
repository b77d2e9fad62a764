package dev.mxbridge.core.client;

import dev.mxbridge.core.BridgeException;

/**
 * A call got no answer from the homeserver: connection refused or reset, or a timeout, on every attempt the retry
 * policy allowed. {@link #mayHaveSucceeded()} tells whether the homeserver might nevertheless have acted on it,
 * which matters for calls that are not idempotent (room creation).
 */
public class MatrixTransportException extends BridgeException {

    private final int attempts;
    private final boolean timedOut;
    private final boolean mayHaveSucceeded;

    MatrixTransportException(String message, Throwable cause, int attempts, boolean timedOut,
                             boolean mayHaveSucceeded) {
        super(message, cause);
        this.attempts = attempts;
        this.timedOut = timedOut;
        this.mayHaveSucceeded = mayHaveSucceeded;
    }

    /** How many times the call was sent (or tried to connect). */
    public int attempts() {
        return attempts;
    }

    /** Whether the last attempt ended by a timeout rather than a connection error. */
    public boolean timedOut() {
        return timedOut;
    }

    /** False only when no attempt ever reached the homeserver (every one failed to connect). */
    public boolean mayHaveSucceeded() {
        return mayHaveSucceeded;
    }
}
