package dev.mxbridge.core.handler;

/**
 * Implemented by an exception that says trying again cannot help: a token the network refused, a message it rejects
 * for its content, a room that is gone. Thrown (or found among the causes of what is thrown) from a handler — for a
 * network bridge, from a {@link dev.mxbridge.core.network.NetworkClient} method — it makes the journal give up on the
 * event at once, record it as failed and call {@link EventHandler#gaveUp} (the sender gets "Not delivered to …"),
 * where any other exception is retried with back-off first.
 */
public interface PermanentFailure {

    /** Whether this instance is permanent; an exception type whose errors are only sometimes final says per case. */
    default boolean permanent() {
        return true;
    }
}
