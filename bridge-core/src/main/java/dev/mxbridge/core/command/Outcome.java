package dev.mxbridge.core.command;

/** What {@link Commands#handle} made of a message. Every outcome but {@link #NOT_A_COMMAND} was answered. */
public enum Outcome {
    /** Not addressed to the bot (no prefix outside a management room): bridge it as a normal message. */
    NOT_A_COMMAND,
    /** No command of that name or alias. */
    UNKNOWN_COMMAND,
    /** The sender may not: their permission level, or their power in the room, is too low. */
    REFUSED,
    /** The arguments did not fit; the usage line was sent. */
    BAD_USAGE,
    /** The handler ended with a {@link CommandException}. */
    FAILED,
    /** The handler threw something unexpected; it was logged. */
    ERROR,
    /** The handler ran to the end. */
    COMPLETED;

    /** Whether the message was taken as a command, and so must not be bridged. */
    public boolean consumed() {
        return this != NOT_A_COMMAND;
    }
}
