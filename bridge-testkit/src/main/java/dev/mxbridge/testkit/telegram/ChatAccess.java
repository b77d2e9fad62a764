package dev.mxbridge.testkit.telegram;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the chat a request names and checks that the bot may use it, with the real server's errors
 * ({@code check_chat_access} in tdlib/telegram-bot-api): reading needs the chat to be known to the bot, editing and
 * writing need membership, writing to a migrated group answers with {@code migrate_to_chat_id}.
 */
final class ChatAccess {
    enum Access { READ, EDIT, WRITE }

    private final World world;

    ChatAccess(World world) {
        this.world = world;
    }

    ChatState resolve(BotState bot, Params params, Access access) {
        String chatId = params.string("chat_id").trim();
        if (chatId.isEmpty()) {
            throw ApiError.badRequest("chat_id is empty");
        }
        if (chatId.startsWith("@")) {
            ChatState chat = world.chatByUsername(chatId.substring(1))
                    .orElseThrow(() -> ApiError.badRequest("chat not found"));
            return check(bot, chat, access);
        }
        long id;
        try {
            id = Long.parseLong(chatId);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("chat not found");
        }
        if (id > 0) {
            return privateChat(bot, id, access);
        }
        ChatState chat = Optional.ofNullable(world.chats.get(id)).orElseThrow(() -> ApiError.badRequest("chat not found"));
        return check(bot, chat, access);
    }

    private ChatState privateChat(BotState bot, long userId, Access access) {
        Optional<ChatState> chat = Optional.ofNullable(world.privateChats.getOrDefault(bot.id(), Map.of())
                .get(userId)).filter(c -> c.started);
        if (chat.isEmpty()) {
            if (access == Access.WRITE && world.users.containsKey(userId) && !world.bots.containsKey(userId)) {
                throw ApiError.forbidden("bot can't initiate conversation with a user");
            }
            if (access == Access.WRITE && world.bots.containsKey(userId)) {
                throw ApiError.forbidden("bot can't send messages to bots");
            }
            throw ApiError.badRequest("chat not found");
        }
        if (access == Access.WRITE && chat.get().blocked) {
            throw ApiError.forbidden("bot was blocked by the user");
        }
        return chat.get();
    }

    private ChatState check(BotState bot, ChatState chat, Access access) {
        boolean needEdit = access != Access.READ;
        Member member = chat.members.get(bot.id());
        String kind = chat.type == ChatType.CHANNEL ? "channel chat" : chat.type.wireName() + " chat";
        if (member == null && chat.username.isEmpty()) {
            throw ApiError.badRequest("chat not found"); // never seen by this bot
        }
        MemberStatus status = member == null ? MemberStatus.LEFT : member.status();
        if (chat.type == ChatType.GROUP) {
            if (chat.migratedTo != 0 && access == Access.WRITE) {
                throw ApiError.migrated(chat.migratedTo);
            }
            if (status == MemberStatus.KICKED && needEdit) {
                throw ApiError.forbidden("bot was kicked from the group chat");
            }
            if (!status.isMember() && needEdit) {
                throw ApiError.forbidden("bot is not a member of the group chat");
            }
            return chat;
        }
        if (status == MemberStatus.KICKED) {
            throw ApiError.forbidden("bot was kicked from the " + kind);
        }
        boolean isPublic = !chat.username.isEmpty();
        if (!status.isMember() && (needEdit || !isPublic)) {
            throw ApiError.forbidden("bot is not a member of the " + kind);
        }
        if (chat.type == ChatType.CHANNEL && access == Access.WRITE
                && !(status == MemberStatus.CREATOR || member.rights().canPostMessages() && status.isAdmin())) {
            throw ApiError.badRequest("need administrator rights in the channel chat");
        }
        return chat;
    }

    /** The message a request names in the chat, or "message to {what} not found". */
    static MessageState message(ChatState chat, Params params, String what) {
        int id = params.integer("message_id", 0);
        if (id <= 0) {
            throw ApiError.badRequest("message identifier is not specified");
        }
        return chat.message(id).orElseThrow(() -> ApiError.badRequest("message to " + what + " not found"));
    }
}
