package dev.mxbridge.core.command;

import dev.mxbridge.core.BridgeException;

/**
 * Thrown by a {@link CommandHandler} to end the command with an answer for the sender: the message is sent to the
 * room as it is, so it must be written for users and hold nothing secret.
 */
public class CommandException extends BridgeException {
    public CommandException(String message) {
        super(message);
    }
}
