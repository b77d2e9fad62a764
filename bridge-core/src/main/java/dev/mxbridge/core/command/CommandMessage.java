package dev.mxbridge.core.command;

import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import java.util.Objects;

/**
 * A message that may be a command.
 *
 * @param sender         who sent it
 * @param room           where it was sent
 * @param body           the plain-text body (reply fallbacks already removed)
 * @param managementRoom whether the room is the sender's management room or a DM with the bot, where the command
 *                       prefix may be left out
 * @param eventId        the Matrix event, so a command carrying a secret can have it redacted ({@code ""} if unknown)
 */
public record CommandMessage(UserId sender, RoomId room, String body, boolean managementRoom, String eventId) {

    public CommandMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** A message whose event id is not known. */
    public CommandMessage(UserId sender, RoomId room, String body, boolean managementRoom) {
        this(sender, room, body, managementRoom, "");
    }

    /** Leaves out the body, which may carry a password. */
    @Override
    public String toString() {
        return "CommandMessage[sender=" + sender + ", room=" + room + ", managementRoom=" + managementRoom
                + ", body=" + body.length() + " chars]";
    }
}
