package dev.mxbridge.telegram;

import dev.mxbridge.core.BridgeException;

/** Something the Telegram bridge cannot do; the message says what and, where it can, what to do about it. */
public class TelegramException extends BridgeException {
    public TelegramException(String message) {
        super(message);
    }

    public TelegramException(String message, Throwable cause) {
        super(message, cause);
    }
}
