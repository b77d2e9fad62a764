package dev.mxbridge.testkit.telegram;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code getChat}, {@code getChatMember}, {@code getChatAdministrators}, {@code getChatMemberCount},
 * {@code getUserProfilePhotos}, {@code getBusinessConnection}, {@code leaveChat}, {@code getFile}, and
 * {@code setChatTitle}, {@code setChatPhoto} and {@code deleteChatPhoto}, which need the bot to be the chat's creator
 * or an administrator with {@code can_change_info}, as the Bot API documents; each change is a service message.
 */
final class ChatMethods {
    private final World world;
    private final Render render;
    private final ChatAccess access;
    private final TestActions actions;

    ChatMethods(World world, Render render, ChatAccess access, TestActions actions) {
        this.world = world;
        this.render = render;
        this.access = access;
        this.actions = actions;
    }

    void register(Map<String, ApiMethod> methods) {
        methods.put("getchat", (bot, p) -> Answer.of(render.chatFull(access.resolve(bot, p, ChatAccess.Access.READ))));
        methods.put("getchatmember", this::getChatMember);
        methods.put("getchatadministrators", this::getChatAdministrators);
        methods.put("getchatmembercount", this::getChatMemberCount);
        methods.put("getuserprofilephotos", this::getUserProfilePhotos);
        methods.put("getbusinessconnection", this::getBusinessConnection);
        methods.put("leavechat", this::leaveChat);
        methods.put("getfile", this::getFile);
        methods.put("setchattitle", this::setChatTitle);
        methods.put("setchatphoto", this::setChatPhoto);
        methods.put("deletechatphoto", this::deleteChatPhoto);
    }

    private Answer setChatTitle(BotState bot, Params p) {
        ChatState chat = changeable(bot, p, "title");
        String title = p.string("title").strip();
        if (title.isEmpty()) {
            throw ApiError.badRequest("chat title is empty"); // the fake's wording
        }
        if (title.length() > 128) {
            throw ApiError.badRequest("chat title is too long"); // the fake's wording
        }
        if (title.equals(chat.title)) {
            throw ApiError.badRequest("chat title is not modified");
        }
        actions.setTitle(chat, bot.user, title);
        return Answer.ok();
    }

    private Answer setChatPhoto(BotState bot, Params p) {
        ChatState chat = changeable(bot, p, "photo");
        String value = p.string("photo");
        Params.Upload upload = (value.startsWith("attach://") ? p.file(value.substring("attach://".length()))
                : p.file("photo")).orElseThrow(() -> ApiError.badRequest("photo must be uploaded as an InputFile"));
        actions.setPhoto(chat, bot.user, world.files.photo(upload.bytes()));
        return Answer.ok();
    }

    private Answer deleteChatPhoto(BotState bot, Params p) {
        ChatState chat = changeable(bot, p, "photo");
        if (chat.photo.isEmpty()) {
            throw ApiError.badRequest("CHAT_NOT_MODIFIED");
        }
        actions.deletePhoto(chat, bot.user);
        return Answer.ok();
    }

    /** A group, supergroup or channel whose info the bot may change: as its creator, or admin with the right. */
    private ChatState changeable(BotState bot, Params p, String what) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.EDIT);
        if (chat.type == ChatType.PRIVATE) {
            throw ApiError.badRequest("chat " + what + " can't be changed in private chats"); // the fake's wording
        }
        Member me = chat.member(bot.id());
        boolean allowed = me.status() == MemberStatus.CREATOR
                || me.status() == MemberStatus.ADMINISTRATOR && me.rights().canChangeInfo();
        if (!allowed) {
            throw ApiError.badRequest("not enough rights to change chat " + what);
        }
        return chat;
    }

    private Answer getChatMember(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.READ);
        UserState user = user(p);
        Member member;
        if (chat.type == ChatType.PRIVATE) {
            member = user.id == chat.peerUserId || user.id == bot.id() ? Member.PLAIN : Member.LEFT;
        } else {
            member = chat.member(user.id);
        }
        return Answer.of(render.member(chat, user, member));
    }

    private Answer getChatAdministrators(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.READ);
        if (chat.type == ChatType.PRIVATE) {
            throw ApiError.badRequest("there are no administrators in the private chat");
        }
        ArrayNode result = Render.array();
        chat.members.forEach((id, member) -> {
            if (member.status().isAdmin()) {
                result.add(render.member(chat, world.user(id), member));
            }
        });
        return Answer.of(result);
    }

    private Answer getChatMemberCount(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.READ);
        int count = chat.type == ChatType.PRIVATE ? 2
                : (int) chat.members.values().stream().filter(m -> m.status().isMember()).count();
        return Answer.of(IntNode.valueOf(count));
    }

    private Answer getUserProfilePhotos(BotState bot, Params p) {
        UserState user = user(p);
        int offset = Math.max(0, p.integer("offset", 0));
        int limit = Math.clamp(p.integer("limit", 100), 1, 100);
        ObjectNode result = Render.object();
        result.put("total_count", user.profilePhotos.size());
        ArrayNode photos = result.putArray("photos");
        List<List<StoredFile>> all = user.profilePhotos;
        for (int i = offset; i < all.size() && i < offset + limit; i++) {
            photos.add(render.photo(all.get(i)));
        }
        return Answer.of(result);
    }

    private Answer getBusinessConnection(BotState bot, Params p) {
        BusinessState connection = world.business.get(p.string("business_connection_id"));
        if (connection == null || connection.botId != bot.id()) {
            throw ApiError.badRequest("business connection not found");
        }
        return Answer.of(render.businessConnection(connection));
    }

    private Answer leaveChat(BotState bot, Params p) {
        ChatState chat = access.resolve(bot, p, ChatAccess.Access.EDIT);
        if (chat.type == ChatType.PRIVATE) {
            throw ApiError.badRequest("chat member status can't be changed in private chats");
        }
        actions.setMember(chat, bot.user, bot.user, Member.LEFT, true);
        return Answer.ok();
    }

    private Answer getFile(BotState bot, Params p) {
        String fileId = p.get("file_id").orElseThrow(() -> ApiError.badRequest("file_id not specified"));
        StoredFile file = world.files.byId(fileId).orElseThrow(() -> ApiError.badRequest("invalid file_id"));
        if (file.size() > world.downloadLimit) {
            throw ApiError.badRequest("file is too big");
        }
        return Answer.of(render.file(file));
    }

    private UserState user(Params p) {
        UserState user = world.users.get(p.number("user_id", 0));
        if (user == null) {
            throw ApiError.badRequest("user not found");
        }
        return user;
    }
}
