package dev.mxbridge.irc;

/**
 * Root of the exceptions of the IRC bridge: a connection that could not be made or registered, a server that
 * refused a command. Unchecked, as everywhere in mxbridge.
 */
public class IrcBridgeException extends RuntimeException {
    /** With a message that says what failed, e.g. the server's reply. */
    public IrcBridgeException(String message) {
        super(message);
    }

    /** With a message and the underlying failure. */
    public IrcBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
