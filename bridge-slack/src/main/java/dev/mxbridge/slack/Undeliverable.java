package dev.mxbridge.slack;

import dev.mxbridge.core.handler.PermanentFailure;

/**
 * A message the bridge itself will not send, for a reason a retry does not change (a file over {@code max_file_size},
 * a channel's full send queue): the core tells the sender at once with this message, rather than after retries.
 */
final class Undeliverable extends SlackBridgeException implements PermanentFailure {
    Undeliverable(String message) {
        super(message);
    }

    Undeliverable(String message, Throwable cause) {
        super(message, cause);
    }
}
