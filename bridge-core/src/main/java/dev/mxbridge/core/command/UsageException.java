package dev.mxbridge.core.command;

/**
 * The arguments do not fit the command; the answer is the message followed by the command's usage line. Thrown by
 * the parser, and by handlers for arguments they find malformed (e.g. "not a room id").
 */
public final class UsageException extends CommandException {
    public UsageException(String message) {
        super(message);
    }
}
