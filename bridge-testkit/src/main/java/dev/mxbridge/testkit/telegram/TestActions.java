package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * What users and Telegram itself do, for the test side: post, edit, react, join and leave, rename, migrate a group,
 * open topics, connect business accounts. Each action changes the state and queues the updates bots would get.
 * Called under the World lock.
 */
final class TestActions {
    private final World world;
    private final Render render;
    private final Delivery delivery;
    private final Formatting formatting;
    private final MediaJson media;

    TestActions(World world, Render render, Delivery delivery, Formatting formatting) {
        this.world = world;
        this.render = render;
        this.delivery = delivery;
        this.formatting = formatting;
        this.media = new MediaJson(render, world.files);
    }

    /** A user's message, with its reply target and forum topic (0 for none), delivered to the bots that see it. */
    MessageState post(ChatState chat, UserState from, Content content, int replyTo, int threadId, String mediaGroup) {
        checkCanPost(chat, from);
        MessageState message = new MessageState(chat, chat.takeMessageId(), from.id, world.nowSeconds(),
                content(content));
        message.replyToId = replyTo;
        if (threadId != 0) {
            if (!chat.topics.containsKey(threadId)) {
                throw new IllegalArgumentException("chat " + chat.id + " has no topic " + threadId);
            }
            message.threadId = threadId;
            message.topicMessage = true;
        }
        message.mediaGroupId = mediaGroup;
        if (chat.isBusiness()) {
            message.businessConnectionId = chat.businessConnectionId;
            if (from.id == chat.peerUserId) {
                chat.lastIncoming = world.nowSeconds();
            }
        }
        if (chat.type == ChatType.PRIVATE && !chat.isBusiness()) {
            chat.started = true;
        }
        chat.messages.put(message.id, message);
        delivery.newMessage(message);
        return message;
    }

    List<MessageState> album(ChatState chat, UserState from, List<Content.File> items, int replyTo, int threadId) {
        String groupId = Long.toUnsignedString(UUID.randomUUID().getMostSignificantBits());
        List<MessageState> messages = new ArrayList<>();
        for (Content.File item : items) {
            messages.add(post(chat, from, item, replyTo, threadId, groupId));
        }
        return messages;
    }

    MessageState service(ChatState chat, UserState from, ObjectNode content) {
        MessageState message = new MessageState(chat, chat.takeMessageId(), from.id, world.nowSeconds(), content);
        message.service = true;
        chat.messages.put(message.id, message);
        delivery.newMessage(message);
        return message;
    }

    void edit(MessageState message, String text, List<Entity> entities) {
        ParsedText parsed = formatting.fromUser(text, entities);
        boolean isText = message.content.has("text");
        message.content.remove(List.of(isText ? "text" : "caption", isText ? "entities" : "caption_entities"));
        if (!parsed.text().isEmpty()) {
            Formatting.put(message.content, isText ? "text" : "caption", isText ? "entities" : "caption_entities",
                    parsed);
        }
        message.editDate = world.nowSeconds();
        delivery.edited(message);
    }

    void react(MessageState message, UserState user, List<String> emoji) {
        List<String> before = message.reactions.getOrDefault(user.id, List.of());
        if (emoji.isEmpty()) {
            message.reactions.remove(user.id);
        } else {
            message.reactions.put(user.id, List.copyOf(emoji));
        }
        delivery.reaction(message, user, before, emoji);
    }

    /**
     * Changes a membership: {@code my_chat_member}/{@code chat_member} updates, and in groups the service message
     * ({@code new_chat_members} or {@code left_chat_member}) when {@code announce} and the member came or went.
     */
    void setMember(ChatState chat, UserState actor, UserState subject, Member after, boolean announce) {
        Member before = chat.member(subject.id);
        chat.members.put(subject.id, after);
        delivery.memberChanged(chat, actor, subject, before, after);
        if (!announce || !chat.type.isGroup() || before.status().isMember() == after.status().isMember()) {
            return;
        }
        ObjectNode content = Render.object();
        if (after.status().isMember()) {
            content.putArray("new_chat_members").add(render.user(subject));
        } else {
            content.set("left_chat_member", render.user(subject));
        }
        service(chat, actor, content);
    }

    /** Group to supergroup: both service messages, members carried over, the old id then refusing writes. */
    ChatState migrate(ChatState group, UserState by) {
        if (group.type != ChatType.GROUP || group.migratedTo != 0) {
            throw new IllegalStateException("only a basic group can be migrated, once");
        }
        ChatState supergroup = new ChatState(world.takeChannelId(), ChatType.SUPERGROUP, 0, 0, "");
        supergroup.title = group.title;
        supergroup.photo = group.photo;
        supergroup.members.putAll(group.members);
        world.chats.put(supergroup.id, supergroup);
        group.migratedTo = supergroup.id;
        ObjectNode to = Render.object();
        to.put("migrate_to_chat_id", supergroup.id);
        service(group, by, to);
        ObjectNode from = Render.object();
        from.put("migrate_from_chat_id", group.id);
        service(supergroup, by, from);
        return supergroup;
    }

    int createTopic(ChatState chat, UserState by, String name) {
        if (!chat.forum) {
            throw new IllegalStateException("chat " + chat.id + " is not a forum");
        }
        ObjectNode content = Render.object();
        ObjectNode created = content.putObject("forum_topic_created");
        created.put("name", name);
        created.put("icon_color", 7322096);
        MessageState message = new MessageState(chat, chat.takeMessageId(), by.id, world.nowSeconds(), content);
        message.service = true;
        message.threadId = message.id;
        message.topicMessage = true;
        chat.messages.put(message.id, message);
        chat.topics.put(message.id, name);
        delivery.newMessage(message);
        return message.id;
    }

    MessageState setTitle(ChatState chat, UserState by, String title) {
        chat.title = title;
        ObjectNode content = Render.object();
        content.put("new_chat_title", title);
        return service(chat, by, content);
    }

    MessageState setPhoto(ChatState chat, UserState by, byte[] image) {
        List<StoredFile> sizes;
        try {
            sizes = world.files.photo(image);
        } catch (ApiError e) {
            throw new IllegalArgumentException("the chat photo must be an image ImageIO can read");
        }
        return setPhoto(chat, by, sizes);
    }

    /** The chat photo becomes these sizes (smallest first): a {@code new_chat_photo} service message. */
    MessageState setPhoto(ChatState chat, UserState by, List<StoredFile> sizes) {
        chat.photo = sizes;
        ObjectNode content = Render.object();
        content.set("new_chat_photo", render.photo(sizes));
        return service(chat, by, content);
    }

    MessageState deletePhoto(ChatState chat, UserState by) {
        chat.photo = List.of();
        ObjectNode content = Render.object();
        content.put("delete_chat_photo", true);
        return service(chat, by, content);
    }

    /** Deletes messages; only business chats tell the bot ({@code deleted_business_messages}). */
    void delete(ChatState chat, List<MessageState> messages) {
        messages.forEach(m -> m.deleted = true);
        if (chat.isBusiness()) {
            delivery.businessMessagesDeleted(world.business.get(chat.businessConnectionId), chat,
                    messages.stream().map(m -> m.id).toList());
        }
    }

    /** A business account connects the bot, or changes the connection: a {@code business_connection} update. */
    void connect(BusinessState connection) {
        world.business.put(connection.id, connection);
        delivery.businessConnection(connection);
    }

    /** The business account's private chat with a customer, created empty if new. */
    ChatState businessChat(BusinessState connection, UserState customer) {
        return connection.chats.computeIfAbsent(customer.id,
                id -> {
                    ChatState chat = new ChatState(id, ChatType.PRIVATE, id, 0, connection.id);
                    chat.sharedIds = connection::takeMessageId;
                    return chat;
                });
    }

    private void checkCanPost(ChatState chat, UserState from) {
        boolean allowed = switch (chat.type) {
            case PRIVATE -> from.id == chat.peerUserId
                    || chat.isBusiness() && from.id == world.business.get(chat.businessConnectionId).ownerId;
            case CHANNEL -> chat.member(from.id).status().isAdmin();
            case GROUP -> chat.migratedTo == 0 && chat.member(from.id).status().isMember();
            case SUPERGROUP -> chat.member(from.id).status().isMember();
        };
        if (!allowed) {
            throw new IllegalStateException("user " + from.id + " cannot post in chat " + chat.id);
        }
    }

    private ObjectNode content(Content content) {
        ObjectNode json = Render.object();
        switch (content) {
            case Content.Text t -> Formatting.put(json, "text", "entities", formatting.fromUser(t.text(), t.entities()));
            case Content.File f -> {
                List<StoredFile> stored;
                try {
                    stored = media.store(f.kind(), f.bytes(), f.fileName(), f.mimeType());
                } catch (ApiError e) {
                    throw new IllegalArgumentException("a photo must be an image ImageIO can read");
                }
                media.put(json, f.kind(), stored, f.attributes());
                if (!f.caption().isEmpty()) {
                    Formatting.put(json, "caption", "caption_entities",
                            formatting.fromUser(f.caption(), f.captionEntities()));
                }
            }
            case Content.Location l -> json.set("location", location(l.latitude(), l.longitude()));
            case Content.Venue v -> {
                ObjectNode venue = json.putObject("venue");
                venue.set("location", location(v.latitude(), v.longitude()));
                venue.put("title", v.title());
                venue.put("address", v.address());
                json.set("location", location(v.latitude(), v.longitude()));
            }
            case Content.Contact c -> {
                ObjectNode contact = json.putObject("contact");
                contact.put("phone_number", c.phoneNumber());
                contact.put("first_name", c.firstName());
                if (!c.lastName().isEmpty()) {
                    contact.put("last_name", c.lastName());
                }
            }
            case Content.Poll p -> {
                ObjectNode poll = json.putObject("poll");
                poll.put("id", Long.toUnsignedString(UUID.randomUUID().getLeastSignificantBits()));
                poll.put("question", p.question());
                var options = poll.putArray("options");
                for (String option : p.options()) {
                    ObjectNode o = options.addObject();
                    o.put("text", option);
                    o.put("voter_count", 0);
                }
                poll.put("total_voter_count", 0);
                poll.put("is_closed", false);
                poll.put("is_anonymous", true);
                poll.put("type", "regular");
                poll.put("allows_multiple_answers", false);
            }
        }
        return json;
    }

    private static ObjectNode location(double latitude, double longitude) {
        ObjectNode json = Render.object();
        json.put("latitude", latitude);
        json.put("longitude", longitude);
        return json;
    }
}
