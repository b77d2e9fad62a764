package dev.mxbridge.testkit.telegram;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message of a chat's history. The header fields ({@code from}, {@code chat}, replies) are rendered when the
 * message is written out; {@code content} holds the rest ({@code text}, {@code photo}, service fields...).
 * Guarded by the {@link World} lock.
 */
final class MessageState {
    final ChatState chat;
    final int id;
    /** The sending user or bot, 0 for a channel post. */
    final long senderId;
    final long date;
    final ObjectNode content;
    int threadId;
    boolean topicMessage;
    int replyToId;
    String mediaGroupId = "";
    String businessConnectionId = "";
    long businessBotId;
    long editDate;
    /** A service message: members joined or left, a new title, a migration... */
    boolean service;
    boolean deleted;
    /** Bots that received this message in an update: only they are told of its edits. */
    final Set<Long> knownTo = new HashSet<>();
    /** The reactions of each user or bot, by id. */
    final Map<Long, List<String>> reactions = new LinkedHashMap<>();

    MessageState(ChatState chat, int id, long senderId, long date, ObjectNode content) {
        this.chat = chat;
        this.id = id;
        this.senderId = senderId;
        this.date = date;
        this.content = content;
    }

    boolean sentBy(long botId) {
        return senderId == botId || businessBotId == botId;
    }

}
