package dev.mxbridge.core;

/**
 * Root of every exception bridge-core throws. All are unchecked: callers handle what they can and let the rest
 * reach the journal, which records the failure with its reason.
 */
public class BridgeException extends RuntimeException {
    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
