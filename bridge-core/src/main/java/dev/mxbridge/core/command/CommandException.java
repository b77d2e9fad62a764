package dev.mxbridge.core.command;

import dev.mxbridge.core.BridgeException;

/**
 * Thrown by a {@link CommandHandler} to end the command with an answer for the sender: the message is sent to the
 * room as it is, so it must be written for users and hold nothing secret.
 */
public class CommandException extends BridgeException {
    private final boolean forbidden;

    public CommandException(String message) {
        this(message, false);
    }

    private CommandException(String message, boolean forbidden) {
        super(message);
        this.forbidden = forbidden;
    }

    /** The user may not do this here (too little power in the room): the command is {@link Outcome#REFUSED}. */
    public static CommandException forbidden(String message) {
        return new CommandException(message, true);
    }

    /** Whether the user was not allowed, rather than the command failing. */
    public boolean forbidden() {
        return forbidden;
    }
}
