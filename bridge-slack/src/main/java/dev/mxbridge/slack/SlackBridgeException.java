package dev.mxbridge.slack;

import dev.mxbridge.core.BridgeException;

/**
 * What the Slack bridge throws: a Slack API error, a refused send, a bad configuration. The message is meant for the
 * person who reads it (a Matrix user's "Not delivered" notice, the operator's log), so it says what to do.
 */
public class SlackBridgeException extends BridgeException {
    public SlackBridgeException(String message) {
        super(message);
    }

    public SlackBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
