package dev.mxbridge.core.command;

/**
 * What a command does. Runs on the thread that called {@link Commands#handle}, after the sender's permission level
 * and the arguments were checked. Throw {@link CommandException} to answer with a message; anything else thrown is
 * logged and answered with a short internal-error reply.
 */
@FunctionalInterface
public interface CommandHandler {
    void run(CommandContext context) throws Exception;
}
