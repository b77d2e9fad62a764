package dev.mxbridge.core.network;

/**
 * A remote room exists but may not be bridged (an operator's deny list, a network policy). Thrown by
 * {@link NetworkConnector#resolvePortal}: the alias query is answered 404 and nothing is created, and a
 * {@code link} command is refused with the message as the reason.
 */
public final class NotBridgedException extends Exception {
    public NotBridgedException(String reason) {
        super(reason);
    }
}
