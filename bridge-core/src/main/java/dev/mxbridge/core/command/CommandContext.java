package dev.mxbridge.core.command;

import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.PermissionLevel;

/**
 * Everything a {@link CommandHandler} is given for one command message.
 *
 * @param commands the registry the command was found in
 * @param command  the command being run
 * @param message  the message it came from
 * @param level    the sender's permission level, at least {@code command.level()}
 * @param args     the parsed arguments
 * @param replies  where answers go
 */
public record CommandContext(Commands commands, Command command, CommandMessage message, PermissionLevel level,
                             Arguments args, ReplySink replies) {

    public UserId sender() {
        return message.sender();
    }

    public RoomId room() {
        return message.room();
    }

    /** Answers in the room the command came from. */
    public void reply(String text) {
        replies.send(text);
    }

    /** The command's usage line, e.g. {@code !irc link <channel> [network]}. */
    public String usage() {
        return commands.usage(command);
    }
}
