package dev.mxbridge.testkit.telegram;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Bot API's JSON objects, written as the real server writes them (field by field after tdlib/telegram-bot-api's
 * {@code JsonUser}, {@code JsonChat}, {@code JsonMessage}...): optional fields are left out, not set to null.
 * Called under the World lock.
 */
final class Render {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final World world;

    Render(World world) {
        this.world = world;
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    ObjectNode user(UserState user) {
        ObjectNode json = object();
        json.put("id", user.id);
        json.put("is_bot", user.isBot);
        json.put("first_name", user.firstName);
        putIfSet(json, "last_name", user.lastName);
        putIfSet(json, "username", user.username);
        putIfSet(json, "language_code", user.languageCode);
        if (user.premium) {
            json.put("is_premium", true);
        }
        return json;
    }

    /** {@code getMe}: the bot's user with the fields returned only there. */
    ObjectNode me(BotState bot) {
        ObjectNode json = user(bot.user);
        json.put("can_join_groups", bot.canJoinGroups);
        json.put("can_read_all_group_messages", bot.canReadAllGroupMessages);
        json.put("supports_inline_queries", false);
        json.put("can_connect_to_business", bot.canConnectToBusiness);
        json.put("has_main_web_app", false);
        return json;
    }

    ObjectNode chat(ChatState chat) {
        ObjectNode json = object();
        json.put("id", chat.id);
        if (chat.type == ChatType.PRIVATE) {
            UserState peer = world.user(chat.peerUserId);
            json.put("first_name", peer.firstName);
            putIfSet(json, "last_name", peer.lastName);
            putIfSet(json, "username", peer.username);
        } else {
            json.put("title", chat.title);
            putIfSet(json, "username", chat.username);
            if (chat.forum) {
                json.put("is_forum", true);
            }
        }
        json.put("type", chat.type.wireName());
        return json;
    }

    /** {@code getChat}'s {@code ChatFullInfo}. */
    ObjectNode chatFull(ChatState chat) {
        ObjectNode json = chat(chat);
        String username = chat.type == ChatType.PRIVATE ? world.user(chat.peerUserId).username : chat.username;
        if (!username.isEmpty()) {
            json.putArray("active_usernames").add(username);
        }
        if (chat.type.isGroup()) {
            ObjectNode permissions = json.putObject("permissions");
            for (String right : List.of("can_send_messages", "can_send_audios", "can_send_documents",
                    "can_send_photos", "can_send_videos", "can_send_video_notes", "can_send_voice_notes",
                    "can_send_polls", "can_send_other_messages", "can_add_web_page_previews", "can_invite_users")) {
                permissions.put(right, true);
            }
            for (String right : List.of("can_change_info", "can_pin_messages", "can_manage_topics")) {
                permissions.put(right, false);
            }
        }
        if (chat.type == ChatType.GROUP) {
            json.put("all_members_are_administrators", false);
        }
        ObjectNode gifts = json.putObject("accepted_gift_types");
        for (String kind : List.of("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription",
                "gifts_from_channels")) {
            gifts.put(kind, false);
        }
        List<StoredFile> photo = chat.type == ChatType.PRIVATE
                ? world.user(chat.peerUserId).profilePhotos.stream().findFirst().orElse(List.of())
                : chat.photo;
        if (!photo.isEmpty()) {
            ObjectNode chatPhoto = json.putObject("photo");
            chatPhoto.put("small_file_id", photo.getFirst().fileId());
            chatPhoto.put("small_file_unique_id", photo.getFirst().uniqueId());
            chatPhoto.put("big_file_id", photo.getLast().fileId());
            chatPhoto.put("big_file_unique_id", photo.getLast().uniqueId());
        }
        json.put("max_reaction_count", 11);
        json.put("accent_color_id", 0);
        return json;
    }

    ObjectNode member(ChatState chat, UserState user, Member member) {
        ObjectNode json = object();
        json.put("status", member.status().wireName());
        json.set("user", user(user));
        switch (member.status()) {
            case CREATOR -> json.put("is_anonymous", false);
            case ADMINISTRATOR -> {
                AdminRights r = member.rights();
                json.put("can_be_edited", false);
                json.put("is_anonymous", false);
                json.put("can_manage_chat", r.canManageChat());
                json.put("can_delete_messages", r.canDeleteMessages());
                json.put("can_manage_video_chats", false);
                json.put("can_restrict_members", r.canRestrictMembers());
                json.put("can_promote_members", r.canPromoteMembers());
                json.put("can_change_info", r.canChangeInfo());
                json.put("can_invite_users", r.canInviteUsers());
                json.put("can_post_stories", false);
                json.put("can_edit_stories", false);
                json.put("can_delete_stories", false);
                if (chat.type == ChatType.CHANNEL) {
                    json.put("can_post_messages", r.canPostMessages());
                    json.put("can_edit_messages", r.canEditMessages());
                } else {
                    json.put("can_pin_messages", r.canPinMessages());
                }
                if (chat.type == ChatType.SUPERGROUP) {
                    json.put("can_manage_topics", r.canManageTopics());
                }
            }
            case KICKED -> json.put("until_date", 0);
            default -> {
            }
        }
        return json;
    }

    /** A message as bots receive it, with the message it replies to (one level deep, as Telegram nests them). */
    ObjectNode message(MessageState message) {
        ObjectNode json = header(message);
        replyTarget(message).ifPresent(target -> json.set("reply_to_message", withContent(header(target), target)));
        return withContent(json, message);
    }

    private ObjectNode header(MessageState message) {
        ChatState chat = message.chat;
        ObjectNode json = object();
        if (!message.businessConnectionId.isEmpty()) {
            json.put("business_connection_id", message.businessConnectionId);
            if (message.businessBotId != 0) {
                json.set("sender_business_bot", user(world.user(message.businessBotId)));
            }
        }
        json.put("message_id", message.id);
        if (chat.type == ChatType.CHANNEL) {
            json.set("sender_chat", chat(chat));
        } else if (message.senderId != 0) {
            json.set("from", user(world.user(message.senderId)));
        }
        json.set("chat", chat(chat));
        json.put("date", message.date);
        if (message.editDate != 0) {
            json.put("edit_date", message.editDate);
        }
        if (message.threadId != 0) {
            json.put("message_thread_id", message.threadId);
        }
        if (message.topicMessage) {
            json.put("is_topic_message", true);
        }
        if (!message.mediaGroupId.isEmpty()) {
            json.put("media_group_id", message.mediaGroupId);
        }
        return json;
    }

    private static ObjectNode withContent(ObjectNode json, MessageState message) {
        json.setAll(message.content.deepCopy());
        return json;
    }

    /**
     * The explicit reply, or in a forum topic the topic's first message: the real server sets
     * {@code reply_to_message} to it on every topic message that replies to nothing else.
     */
    private Optional<MessageState> replyTarget(MessageState message) {
        if (message.replyToId != 0) {
            return message.chat.message(message.replyToId);
        }
        if (message.topicMessage && message.threadId != message.id) {
            return message.chat.message(message.threadId);
        }
        return Optional.empty();
    }

    ArrayNode photo(List<StoredFile> sizes) {
        ArrayNode json = array();
        for (StoredFile size : sizes) {
            ObjectNode item = json.addObject();
            item.put("file_id", size.fileId());
            item.put("file_unique_id", size.uniqueId());
            item.put("file_size", size.size());
            item.put("width", size.width());
            item.put("height", size.height());
        }
        return json;
    }

    /** The fields every file object has: {@code file_id}, {@code file_unique_id}, {@code file_size}. */
    ObjectNode fileBase(StoredFile file) {
        ObjectNode json = object();
        json.put("file_id", file.fileId());
        json.put("file_unique_id", file.uniqueId());
        json.put("file_size", file.size());
        return json;
    }

    /** {@code getFile}'s {@code File}. */
    ObjectNode file(StoredFile file) {
        ObjectNode json = fileBase(file);
        json.put("file_path", file.path());
        return json;
    }

    ObjectNode businessConnection(BusinessState connection) {
        ObjectNode json = object();
        json.put("id", connection.id);
        json.set("user", user(world.user(connection.ownerId)));
        json.put("user_chat_id", connection.ownerId);
        json.put("date", connection.date);
        ObjectNode rights = json.putObject("rights");
        if (connection.canReply) {
            rights.put("can_reply", true);
        }
        rights.put("can_read_messages", true);
        if (connection.canDeleteOutgoing) {
            rights.put("can_delete_outgoing_messages", true);
        }
        if (connection.canDeleteAll) {
            rights.put("can_delete_all_messages", true);
        }
        json.put("is_enabled", connection.enabled);
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (!value.isEmpty()) {
            json.put(field, value);
        }
    }
}
