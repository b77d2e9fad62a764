package dev.mxbridge.testkit.telegram;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every {@code send*} method shares: finding the target chat (or business chat), the forum topic and the
 * replied-to message, the flood limits, and appending the new message to the chat's history.
 */
final class Outbox {
    private static final long BUSINESS_REPLY_WINDOW_SECONDS = 24 * 3600;

    /** Where a send goes. {@code business} is present for a send on behalf of a business account. */
    record Target(ChatState chat, Optional<BusinessState> business, int threadId) {
    }

    private final World world;
    private final ChatAccess access;

    Outbox(World world, ChatAccess access) {
        this.world = world;
        this.access = access;
    }

    Target target(BotState bot, Params params) {
        String connectionId = params.string("business_connection_id");
        if (!connectionId.isEmpty()) {
            return businessTarget(bot, connectionId, params);
        }
        ChatState chat = access.resolve(bot, params, ChatAccess.Access.WRITE);
        int threadId = params.integer("message_thread_id", 0);
        if (threadId != 0 && chat.forum && !chat.topics.containsKey(threadId)) {
            throw ApiError.badRequest("message thread not found");
        }
        return new Target(chat, Optional.empty(), chat.forum ? threadId : 0);
    }

    /**
     * The connection must exist and belong to the bot; the bot needs {@code can_reply}; the customer must have
     * written in the last 24 hours. Telegram reports the last two with MTProto error names
     * ({@code BOT_ACCESS_FORBIDDEN} is inferred from the server's mapping, {@code BUSINESS_PEER_USAGE_MISSING} is
     * documented for {@code messages.sendMessage}).
     */
    private Target businessTarget(BotState bot, String connectionId, Params params) {
        BusinessState connection = world.business.get(connectionId);
        if (connection == null || connection.botId != bot.id()) {
            throw ApiError.badRequest("business connection not found");
        }
        if (!connection.enabled) {
            throw ApiError.badRequest("BUSINESS_CONNECTION_INVALID");
        }
        long chatId;
        try {
            chatId = Long.parseLong(params.string("chat_id").trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(params.string("chat_id").isBlank() ? "chat identifier is empty"
                    : "chat identifier must be a valid Integer");
        }
        ChatState chat = connection.chats.get(chatId);
        if (chat == null && !world.users.containsKey(chatId)) {
            throw ApiError.badRequest("chat not found");
        }
        if (!connection.canReply) {
            throw ApiError.badRequest("BOT_ACCESS_FORBIDDEN");
        }
        if (chat == null || chat.lastIncoming == 0
                || world.nowSeconds() - chat.lastIncoming > BUSINESS_REPLY_WINDOW_SECONDS) {
            throw ApiError.badRequest("BUSINESS_PEER_USAGE_MISSING");
        }
        return new Target(chat, Optional.of(connection), 0);
    }

    /** The message to reply to, from {@code reply_parameters} or the older {@code reply_to_message_id}; 0 if none. */
    int replyTo(ChatState chat, Params params) {
        Optional<JsonNode> replyParameters = params.json("reply_parameters", "reply parameters");
        int messageId;
        boolean allowWithout;
        if (replyParameters.isPresent()) {
            if (!replyParameters.get().isObject()) {
                throw ApiError.badRequest("object expected as reply parameters");
            }
            messageId = replyParameters.get().path("message_id").asInt(0);
            allowWithout = replyParameters.get().path("allow_sending_without_reply").asBoolean(false);
        } else {
            messageId = params.integer("reply_to_message_id", 0);
            allowWithout = params.flag("allow_sending_without_reply");
        }
        if (messageId == 0 || chat.message(messageId).isPresent()) {
            return messageId;
        }
        if (allowWithout) {
            return 0;
        }
        throw ApiError.badRequest("message to be replied not found");
    }

    /** Counts the send against the flood limits, then appends the message to the chat. */
    MessageState append(BotState bot, Target target, int replyTo, ObjectNode content) {
        world.rateLimiter.acquire(bot.id(), target.chat(), world.now().toEpochMilli());
        return appendUnlimited(bot, target, replyTo, content);
    }

    /** Appends without counting: the further messages of an album. */
    MessageState appendUnlimited(BotState bot, Target target, int replyTo, ObjectNode content) {
        ChatState chat = target.chat();
        long sender = target.business().map(b -> b.ownerId).orElse(bot.id());
        MessageState message = new MessageState(chat, chat.takeMessageId(), sender, world.nowSeconds(), content);
        target.business().ifPresent(b -> {
            message.businessConnectionId = b.id;
            message.businessBotId = bot.id();
        });
        if (target.threadId() != 0) {
            message.threadId = target.threadId();
            message.topicMessage = true;
        }
        message.replyToId = replyTo;
        chat.messages.put(message.id, message);
        return message;
    }
}
