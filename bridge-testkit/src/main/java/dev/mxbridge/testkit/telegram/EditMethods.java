package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code editMessageText}, {@code editMessageCaption}, {@code deleteMessage} and {@code setMessageReaction}, with
 * Telegram's limits: a bot edits only its own messages (and, in a business chat, the owner's); it deletes messages
 * younger than 48 hours that are its own, any in its private chats, and any where it is an administrator allowed to
 * delete; it sets at most one reaction per message. Inline messages are not supported.
 */
final class EditMethods {
    private static final long DELETE_WINDOW_SECONDS = 48 * 3600;
    private static final String NOT_MODIFIED = "message is not modified: specified new message content and reply "
            + "markup are exactly the same as a current content and reply markup of the message";

    private final World world;
    private final Render render;
    private final Formatting formatting;
    private final ChatAccess access;
    private final TestActions actions;

    EditMethods(World world, Render render, Formatting formatting, ChatAccess access, TestActions actions) {
        this.actions = actions;
        this.world = world;
        this.render = render;
        this.formatting = formatting;
        this.access = access;
    }

    void register(Map<String, ApiMethod> methods) {
        methods.put("editmessagetext", this::editText);
        methods.put("editmessagecaption", this::editCaption);
        methods.put("deletemessage", this::delete);
        methods.put("setmessagereaction", this::react);
        methods.put("deletebusinessmessages", this::deleteBusiness);
    }

    /**
     * Deletes messages of one business chat for the account: the bot's own with {@code can_delete_outgoing_messages},
     * any with {@code can_delete_all_messages}. Missing rights answer {@code BOT_ACCESS_FORBIDDEN} (inferred, as for
     * replies); ids from several chats, the fake's own wording. The account's chats then report the deletion
     * ({@code deleted_business_messages}), as for deletions in the Telegram app.
     */
    private Answer deleteBusiness(BotState bot, Params p) {
        BusinessState connection = world.business.get(p.string("business_connection_id"));
        if (connection == null || connection.botId != bot.id()) {
            throw ApiError.badRequest("business connection not found");
        }
        if (!connection.enabled) {
            throw ApiError.badRequest("BUSINESS_CONNECTION_INVALID");
        }
        JsonNode ids = p.json("message_ids", "message identifiers").filter(JsonNode::isArray)
                .orElseThrow(() -> ApiError.badRequest("message_ids must be a non-empty array")); // the fake's wording
        if (ids.isEmpty() || ids.size() > 100) {
            throw ApiError.badRequest("too many or no message identifiers"); // the fake's wording
        }
        List<MessageState> messages = new ArrayList<>();
        for (JsonNode id : ids) {
            connection.chats.values().stream().flatMap(c -> c.message(id.asInt(0)).stream()).findFirst()
                    .ifPresent(messages::add);
        }
        if (messages.stream().map(m -> m.chat).distinct().count() > 1) {
            throw ApiError.badRequest("messages must be from the same chat"); // the fake's wording
        }
        for (MessageState m : messages) {
            if (!connection.canDeleteAll && !(connection.canDeleteOutgoing && m.businessBotId == bot.id())) {
                throw ApiError.badRequest("BOT_ACCESS_FORBIDDEN");
            }
        }
        if (!messages.isEmpty()) {
            actions.delete(messages.getFirst().chat, messages);
        }
        return Answer.ok();
    }

    private Answer editText(BotState bot, Params p) {
        MessageState message = editable(bot, p);
        if (!message.content.has("text")) {
            throw ApiError.badRequest("there is no text in the message to edit");
        }
        if (p.string("text").isEmpty()) {
            throw ApiError.badRequest("message text is empty");
        }
        ParsedText text = formatting.fromBot(p.string("text"), p.string("parse_mode"), p.json("entities", "entities"));
        if (text.text().length() > Formatting.MAX_TEXT) {
            throw ApiError.badRequest("message is too long");
        }
        return Answer.of(render.message(apply(bot, message, "text", "entities", text, p)));
    }

    private Answer editCaption(BotState bot, Params p) {
        MessageState message = editable(bot, p);
        if (message.content.has("text") || message.service) {
            throw ApiError.badRequest("there is no caption in the message to edit");
        }
        ParsedText caption = formatting.fromBot(p.string("caption"), p.string("parse_mode"),
                p.json("caption_entities", "entities"));
        if (caption.text().length() > Formatting.MAX_CAPTION) {
            throw ApiError.badRequest("message caption is too long");
        }
        return Answer.of(render.message(apply(bot, message, "caption", "caption_entities", caption, p)));
    }

    private MessageState apply(BotState bot, MessageState message, String field, String entitiesField,
                               ParsedText replacement, Params p) {
        Optional<JsonNode> markup = p.json("reply_markup", "reply keyboard markup").filter(m -> m.has("inline_keyboard"));
        boolean sameText = message.content.path(field).asString("").equals(replacement.text());
        JsonNode entities = replacement.entities().isEmpty() ? MissingNode.getInstance() : toArray(replacement);
        boolean sameEntities = message.content.path(entitiesField).equals(entities);
        boolean sameMarkup = markup.map(m -> m.equals(message.content.get("reply_markup")))
                .orElse(!message.content.has("reply_markup"));
        if (sameText && sameEntities && sameMarkup) {
            throw ApiError.badRequest(NOT_MODIFIED);
        }
        world.rateLimiter.acquire(bot.id(), message.chat, world.now().toEpochMilli());
        message.content.remove(List.of(field, entitiesField, "reply_markup"));
        if (!replacement.text().isEmpty()) {
            Formatting.put(message.content, field, entitiesField, replacement);
        }
        markup.ifPresent(m -> message.content.set("reply_markup", m));
        message.editDate = world.nowSeconds();
        return message;
    }

    private MessageState editable(BotState bot, Params p) {
        if (p.get("chat_id").isEmpty() && p.get("inline_message_id").isPresent()) {
            throw ApiError.badRequest("inline messages are not supported by the fake");
        }
        String connectionId = p.string("business_connection_id");
        ChatState chat;
        if (connectionId.isEmpty()) {
            chat = access.resolve(bot, p, ChatAccess.Access.EDIT);
        } else {
            BusinessState connection = world.business.get(connectionId);
            if (connection == null || connection.botId != bot.id()) {
                throw ApiError.badRequest("business connection not found");
            }
            chat = connection.chats.get(p.number("chat_id", 0));
            if (chat == null) {
                throw ApiError.badRequest("chat not found");
            }
        }
        MessageState message = ChatAccess.message(chat, p, "edit");
        boolean ownersMessage = chat.isBusiness() && message.senderId == world.business.get(chat.businessConnectionId).ownerId
                && world.nowSeconds() - message.date < DELETE_WINDOW_SECONDS;
        if (!message.sentBy(bot.id()) && !ownersMessage) {
            throw ApiError.badRequest("message can't be edited");
        }
        return message;
    }

    private Answer delete(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.WRITE);
        MessageState message = ChatAccess.message(chat, p, "delete");
        Member me = chat.member(bot.id());
        boolean allowed = message.sentBy(bot.id()) || chat.type == ChatType.PRIVATE
                || chat.type == ChatType.GROUP && me.status().isAdmin()
                || me.status() == MemberStatus.CREATOR
                || me.status() == MemberStatus.ADMINISTRATOR && me.rights().canDeleteMessages();
        if (!allowed || world.nowSeconds() - message.date >= DELETE_WINDOW_SECONDS) {
            throw ApiError.badRequest("message can't be deleted");
        }
        message.deleted = true;
        return Answer.ok();
    }

    private Answer react(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.READ);
        MessageState message = ChatAccess.message(chat, p, "react");
        JsonNode types = p.json("reaction", "reaction types").orElse(Render.array());
        if (!types.isArray()) {
            throw ApiError.badRequest("expected an Array of ReactionType");
        }
        List<String> reactions = new ArrayList<>();
        for (JsonNode type : types) {
            switch (type.path("type").asString("")) {
                case "emoji" -> reactions.add(type.path("emoji").asString(""));
                case "custom_emoji" -> reactions.add("custom:" + type.path("custom_emoji_id").asString(""));
                case "paid" -> reactions.add("paid");
                default -> throw ApiError.badRequest("invalid reaction type specified");
            }
        }
        if (reactions.size() > 1) {
            throw ApiError.badRequest("REACTIONS_TOO_MANY");
        }
        if (reactions.isEmpty()) {
            message.reactions.remove(bot.id());
        } else {
            message.reactions.put(bot.id(), List.copyOf(reactions));
        }
        return Answer.ok();
    }

    private static JsonNode toArray(ParsedText text) {
        ObjectNode holder = Render.object();
        text.entities().forEach(holder.putArray("a")::add);
        return holder.get("a");
    }
}
