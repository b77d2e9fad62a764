package dev.mxbridge.testkit.telegram;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides which bots hear of what, and queues the updates. The rules are Telegram's:
 * <ul>
 *   <li>A bot never receives its own messages, nor messages of other bots.</li>
 *   <li>In groups, a bot in privacy mode that is not an administrator receives only commands (text starting with
 *       "/", unaddressed or addressed to it), replies to its own messages, messages mentioning it, and service
 *       messages. Channels deliver every post to bots that are members.</li>
 *   <li>Edits go only to bots that received the original.</li>
 *   <li>{@code message_reaction} and {@code chat_member} need the bot to be an administrator (reactions in private
 *       chats excepted) and to have asked for them in {@code allowed_updates}.</li>
 *   <li>An update type missing from the bot's {@code allowed_updates} when the update happens is never queued.</li>
 * </ul>
 * Called under the World lock.
 */
final class Delivery {
    private final World world;
    private final Render render;

    Delivery(World world, Render render) {
        this.world = world;
        this.render = render;
    }

    /** A message a user (not a bot through the API) just sent. */
    void newMessage(MessageState message) {
        ChatState chat = message.chat;
        if (chat.isBusiness()) {
            BusinessState connection = world.business.get(chat.businessConnectionId);
            if (connection.enabled) {
                offerMessage(world.bot(connection.botId), "business_message", message);
            }
            return;
        }
        switch (chat.type) {
            case PRIVATE -> offerMessage(world.bot(chat.botId), "message", message);
            case CHANNEL -> memberBots(chat).forEach(bot -> offerMessage(bot, "channel_post", message));
            case GROUP, SUPERGROUP -> {
                if (!message.service && world.bots.containsKey(message.senderId)) {
                    return; // bots never see other bots' messages
                }
                for (BotState bot : memberBots(chat)) {
                    if (sees(bot, chat, message)) {
                        offerMessage(bot, "message", message);
                    }
                }
            }
        }
    }

    void edited(MessageState message) {
        ChatState chat = message.chat;
        String type = chat.isBusiness() ? "edited_business_message"
                : chat.type == ChatType.CHANNEL ? "edited_channel_post" : "edited_message";
        for (long botId : List.copyOf(message.knownTo)) {
            BotState bot = world.bot(botId);
            if (chat.isBusiness() && !world.business.get(chat.businessConnectionId).enabled) {
                continue;
            }
            offer(bot, type, render.message(message));
        }
    }

    void reaction(MessageState message, UserState user, List<String> before, List<String> after) {
        ChatState chat = message.chat;
        ObjectNode payload = Render.object();
        payload.set("chat", render.chat(chat));
        payload.put("message_id", message.id);
        payload.set("user", render.user(user));
        payload.put("date", world.nowSeconds());
        payload.set("old_reaction", reactions(before));
        payload.set("new_reaction", reactions(after));
        if (chat.type == ChatType.PRIVATE) {
            offer(world.bot(chat.botId), "message_reaction", payload);
            return;
        }
        for (BotState bot : memberBots(chat)) {
            if (chat.member(bot.id()).status().isAdmin()) {
                offer(bot, "message_reaction", payload);
            }
        }
    }

    /** A membership changed: {@code my_chat_member} to the bot concerned, {@code chat_member} to admin bots. */
    void memberChanged(ChatState chat, UserState actor, UserState subject, Member before, Member after) {
        ObjectNode payload = Render.object();
        payload.set("chat", render.chat(chat));
        payload.set("from", render.user(actor));
        payload.put("date", world.nowSeconds());
        payload.set("old_chat_member", render.member(chat, subject, before));
        payload.set("new_chat_member", render.member(chat, subject, after));
        if (world.bots.containsKey(subject.id)) {
            offer(world.bot(subject.id), "my_chat_member", payload);
        }
        for (BotState bot : memberBots(chat)) {
            if (bot.id() != subject.id && chat.member(bot.id()).status().isAdmin()) {
                offer(bot, "chat_member", payload);
            }
        }
    }

    void businessConnection(BusinessState connection) {
        offer(world.bot(connection.botId), "business_connection", render.businessConnection(connection));
    }

    void businessMessagesDeleted(BusinessState connection, ChatState chat, List<Integer> messageIds) {
        if (!connection.enabled) {
            return;
        }
        ObjectNode payload = Render.object();
        payload.put("business_connection_id", connection.id);
        payload.set("chat", render.chat(chat));
        ArrayNode ids = payload.putArray("message_ids");
        messageIds.forEach(ids::add);
        offer(world.bot(connection.botId), "deleted_business_messages", payload);
    }

    private void offerMessage(BotState bot, String type, MessageState message) {
        if (offer(bot, type, render.message(message))) {
            message.knownTo.add(bot.id());
        }
    }

    /** Queues the update if the bot's {@code allowed_updates} has its type; returns whether it did. */
    boolean offer(BotState bot, String type, JsonNode payload) {
        if (!bot.allowedUpdates.contains(type)) {
            return false;
        }
        bot.updates.add(type, payload, world.nowSeconds());
        return true;
    }

    private List<BotState> memberBots(ChatState chat) {
        return chat.members.entrySet().stream()
                .filter(e -> e.getValue().status().isMember() && world.bots.containsKey(e.getKey()))
                .map(Map.Entry::getKey).map(world::bot).toList();
    }

    private boolean sees(BotState bot, ChatState chat, MessageState message) {
        if (bot.canReadAllGroupMessages || chat.member(bot.id()).status().isAdmin() || message.service) {
            return true;
        }
        String text = message.content.path("text").asString(message.content.path("caption").asString(""));
        if (text.startsWith("/")) {
            int end = 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String command = text.substring(1, end);
            int at = command.indexOf('@');
            if (at < 0 || command.substring(at + 1).equalsIgnoreCase(bot.user.username)) {
                return true;
            }
        }
        if (message.replyToId != 0 && chat.message(message.replyToId).map(m -> m.sentBy(bot.id())).orElse(false)) {
            return true;
        }
        return mentions(bot, message);
    }

    private static boolean mentions(BotState bot, MessageState message) {
        String text = message.content.path("text").asString(message.content.path("caption").asString(""));
        JsonNode entities = message.content.has("entities") ? message.content.get("entities")
                : message.content.path("caption_entities");
        for (JsonNode e : entities) {
            String type = e.path("type").asString("");
            if (type.equals("text_mention") && e.path("user").path("id").asLong(0) == bot.id()) {
                return true;
            }
            if (type.equals("mention")) {
                int offset = e.get("offset").asInt();
                String name = text.substring(offset + 1, offset + e.get("length").asInt());
                if (name.toLowerCase(Locale.ROOT).equals(bot.user.username.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ArrayNode reactions(List<String> emoji) {
        ArrayNode json = Render.array();
        for (String e : emoji) {
            ObjectNode reaction = json.addObject();
            reaction.put("type", "emoji");
            reaction.put("emoji", e);
        }
        return json;
    }
}
