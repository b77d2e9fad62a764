package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A chat as the fake keeps it. A private chat is one bot's chat with one user (its id is the user's, as bots see it),
 * or a business account's chat with a customer. Message ids count from 1 in each chat. Guarded by the World lock.
 */
final class ChatState {
    final long id;
    final ChatType type;
    /** The other party of a private chat; 0 otherwise. */
    final long peerUserId;
    /** The bot of a bot's private chat; 0 otherwise. */
    final long botId;
    /** The connection of a business chat; empty otherwise. */
    final String businessConnectionId;
    String title = "";
    String username = "";
    boolean forum;
    /** Sizes of the chat photo, smallest first; empty without a photo. */
    List<StoredFile> photo = List.of();
    final Map<Long, Member> members = new LinkedHashMap<>();
    final TreeMap<Integer, MessageState> messages = new TreeMap<>();
    private int nextMessageId = 1;
    /**
     * Where a business chat's message ids come from: the account's one sequence, as message ids in private chats
     * are per account (so {@code deleteBusinessMessages} needs no chat).
     */
    java.util.function.IntSupplier sharedIds;
    /** The supergroup a migrated group became; 0 if it did not. */
    long migratedTo;
    /** Forum topics: thread id (the id of the topic's creation message) to name. */
    final Map<Integer, String> topics = new LinkedHashMap<>();
    /** A bot's private chat: the user pressed Start (or wrote); blocked: the user blocked the bot. */
    boolean started;
    boolean blocked;
    /** A business chat: when the customer last wrote, epoch seconds; 0 if never. */
    long lastIncoming;

    ChatState(long id, ChatType type, long peerUserId, long botId, String businessConnectionId) {
        this.id = id;
        this.type = type;
        this.peerUserId = peerUserId;
        this.botId = botId;
        this.businessConnectionId = businessConnectionId;
    }

    int takeMessageId() {
        return sharedIds != null ? sharedIds.getAsInt() : nextMessageId++;
    }

    Member member(long userId) {
        return members.getOrDefault(userId, Member.LEFT);
    }

    boolean isBusiness() {
        return !businessConnectionId.isEmpty();
    }

    Optional<MessageState> message(int messageId) {
        return Optional.ofNullable(messages.get(messageId)).filter(m -> !m.deleted);
    }

    List<MessageState> history() {
        List<MessageState> result = new ArrayList<>();
        for (MessageState m : messages.values()) {
            if (!m.deleted) {
                result.add(m);
            }
        }
        return result;
    }
}
