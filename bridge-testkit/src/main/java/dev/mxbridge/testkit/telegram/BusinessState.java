package dev.mxbridge.testkit.telegram;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Telegram Business account's connection to a bot, and the private chats it manages. Guarded by the World lock. */
final class BusinessState {
    final String id;
    final long botId;
    final long ownerId;
    final long date;
    boolean enabled = true;
    boolean canReply;
    /** {@code can_delete_outgoing_messages}: the bot may delete what it sent for the account. */
    boolean canDeleteOutgoing;
    /** {@code can_delete_all_messages}: the bot may delete any message of the account's chats. */
    boolean canDeleteAll;
    private int nextMessageId = 1;
    /** The owner's private chat with each customer, by customer id. */
    final Map<Long, ChatState> chats = new LinkedHashMap<>();

    BusinessState(String id, long botId, long ownerId, long date, boolean canReply) {
        this.id = id;
        this.botId = botId;
        this.ownerId = ownerId;
        this.date = date;
        this.canReply = canReply;
    }

    /** The next message id of the account's private chats. */
    int takeMessageId() {
        return nextMessageId++;
    }
}
