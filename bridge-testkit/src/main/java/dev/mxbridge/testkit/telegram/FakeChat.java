package dev.mxbridge.testkit.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A chat on the fake: a group, supergroup (optionally a forum), channel, a bot's private chat with a user, or a
 * business account's chat with a customer. The test acts in it as users and as Telegram ({@link #from},
 * {@link #join}, {@link #migrateToSupergroup}...), each action queueing the updates bots would receive, and reads
 * its history, including what bots sent.
 */
public final class FakeChat {
    private final FakeTelegram telegram;
    private final World world;
    private final ChatState state;

    FakeChat(FakeTelegram telegram, ChatState state) {
        this.telegram = telegram;
        this.world = telegram.world;
        this.state = state;
    }

    /**
     * Describes a group, supergroup or channel. Members given here are there from the start, without service
     * messages or updates; later joins use {@link FakeChat#join} and {@link FakeChat#addBot}.
     */
    public static final class Builder {
        private final FakeTelegram telegram;
        private final ChatType type;
        private final String title;
        private String username = "";
        private boolean forum;
        private Optional<FakeUser> creator = Optional.empty();
        private final List<FakeUser> members = new ArrayList<>();
        private final List<FakeBot> bots = new ArrayList<>();
        private final List<FakeBot> adminBots = new ArrayList<>();

        Builder(FakeTelegram telegram, ChatType type, String title) {
            this.telegram = telegram;
            this.type = type;
            this.title = title;
        }

        /** A public username (supergroups and channels only). */
        public Builder username(String value) {
            if (type == ChatType.GROUP) {
                throw new IllegalStateException("basic groups have no username; make a supergroup");
            }
            username = value;
            return this;
        }

        /** Topics enabled (supergroups only). */
        public Builder forum(boolean value) {
            if (type != ChatType.SUPERGROUP) {
                throw new IllegalStateException("only supergroups can be forums");
            }
            forum = value;
            return this;
        }

        /** The creator; default: a new user "Owner". */
        public Builder createdBy(FakeUser user) {
            creator = Optional.of(user);
            return this;
        }

        public Builder members(FakeUser... users) {
            members.addAll(Arrays.asList(users));
            return this;
        }

        /** Bots as plain members. */
        public Builder bots(FakeBot... added) {
            bots.addAll(Arrays.asList(added));
            return this;
        }

        /** Bots as administrators with every right. */
        public Builder adminBots(FakeBot... added) {
            adminBots.addAll(Arrays.asList(added));
            return this;
        }

        public FakeChat create() {
            FakeUser owner = creator.orElseGet(() -> telegram.newUser("Owner").create());
            World world = telegram.world;
            return world.locked(() -> {
                long id = type == ChatType.GROUP ? world.takeGroupId() : world.takeChannelId();
                ChatState chat = new ChatState(id, type, 0, 0, "");
                chat.title = title;
                chat.username = username;
                chat.forum = forum;
                chat.members.put(owner.id(), Member.CREATOR);
                members.forEach(u -> chat.members.put(u.id(), Member.PLAIN));
                bots.forEach(b -> chat.members.put(b.id(), Member.PLAIN));
                adminBots.forEach(b -> chat.members.put(b.id(), Member.admin(AdminRights.full())));
                world.chats.put(id, chat);
                return new FakeChat(telegram, chat);
            });
        }
    }

    public long id() {
        return state.id;
    }

    public ChatType type() {
        return state.type;
    }

    public String title() {
        return world.locked(() -> state.title);
    }

    /** The chat photo's largest size, as uploaded; empty without a photo. */
    public Optional<byte[]> photo() {
        return world.locked(() -> state.photo.isEmpty() ? Optional.<byte[]>empty()
                : Optional.of(state.photo.getLast().bytes().clone()));
    }

    /** Acts as the user in this chat: a sender of messages, replies, albums. */
    public Sender from(FakeUser user) {
        return new Sender(telegram, this, user, 0, 0);
    }

    /** The user edits a message: its text, or the caption of a file message. Bots that had it get the edit. */
    public FakeMessage edit(FakeMessage message, String newText, Entity... entities) {
        return world.locked(() -> {
            MessageState m = message(message);
            telegram.actions.edit(m, newText, List.of(entities));
            return FakeMessage.of(m, telegram.render);
        });
    }

    /** The user's reactions on a message become these emoji (none to remove them). */
    public void react(FakeUser user, FakeMessage message, String... emoji) {
        world.locked(() -> telegram.actions.react(message(message), user.state(), List.of(emoji)));
    }

    /**
     * Users delete messages. Telegram tells bots only of deletions in business chats
     * ({@code deleted_business_messages}), never in groups.
     */
    public void delete(FakeMessage... messages) {
        world.locked(() -> telegram.actions.delete(state, Arrays.stream(messages).map(this::message).toList()));
    }

    /** The user joins: {@code new_chat_members} in groups, {@code chat_member} to admin bots. */
    public void join(FakeUser user) {
        world.locked(() -> telegram.actions.setMember(state, user.state(), user.state(), Member.PLAIN, true));
    }

    /** The user leaves: {@code left_chat_member} in groups, {@code chat_member} to admin bots. */
    public void leave(FakeUser user) {
        world.locked(() -> telegram.actions.setMember(state, user.state(), user.state(), Member.LEFT, true));
    }

    /** An administrator bans the user. */
    public void kick(FakeUser admin, FakeUser user) {
        world.locked(() -> telegram.actions.setMember(state, admin.state(), user.state(), Member.KICKED, true));
    }

    /** A user adds the bot: {@code my_chat_member} to it, and {@code new_chat_members} in groups. */
    public void addBot(FakeUser by, FakeBot bot) {
        world.locked(() -> telegram.actions.setMember(state, by.state(), world.user(bot.id()), Member.PLAIN, true));
    }

    /** A user removes (bans) the bot: {@code my_chat_member} with status {@code kicked}. */
    public void kickBot(FakeUser by, FakeBot bot) {
        world.locked(() -> telegram.actions.setMember(state, by.state(), world.user(bot.id()), Member.KICKED, true));
    }

    /** A user makes the bot an administrator: {@code my_chat_member}. */
    public void promote(FakeUser by, FakeBot bot, AdminRights rights) {
        world.locked(() -> telegram.actions.setMember(state, by.state(), world.user(bot.id()), Member.admin(rights),
                true));
    }

    /** A user makes another user an administrator: {@code chat_member} to admin bots. */
    public void promote(FakeUser by, FakeUser user, AdminRights rights) {
        world.locked(() -> telegram.actions.setMember(state, by.state(), user.state(), Member.admin(rights), true));
    }

    public MemberStatus status(FakeUser user) {
        return world.locked(() -> state.member(user.id()).status());
    }

    public MemberStatus status(FakeBot bot) {
        return world.locked(() -> state.member(bot.id()).status());
    }

    /** A user renames the chat: a {@code new_chat_title} service message. */
    public FakeMessage setTitle(FakeUser by, String title) {
        return world.locked(() -> FakeMessage.of(telegram.actions.setTitle(state, by.state(), title), telegram.render));
    }

    /** A user sets the chat photo: a {@code new_chat_photo} service message. */
    public FakeMessage setPhoto(FakeUser by, byte[] image) {
        return world.locked(() -> FakeMessage.of(telegram.actions.setPhoto(state, by.state(), image), telegram.render));
    }

    public FakeMessage deletePhoto(FakeUser by) {
        return world.locked(() -> FakeMessage.of(telegram.actions.deletePhoto(state, by.state()), telegram.render));
    }

    /**
     * The group becomes a supergroup: {@code migrate_to_chat_id} here, {@code migrate_from_chat_id} there, members
     * carried over; from now on sending here answers "group chat was upgraded to a supergroup chat".
     */
    public FakeChat migrateToSupergroup(FakeUser by) {
        return world.locked(() -> new FakeChat(telegram, telegram.actions.migrate(state, by.state())));
    }

    /** Opens a forum topic; returns its {@code message_thread_id}. */
    public int createTopic(FakeUser by, String name) {
        return world.locked(() -> telegram.actions.createTopic(state, by.state(), name));
    }

    /** The history, oldest first, without deleted messages; bots' messages included. */
    public List<FakeMessage> messages() {
        return world.locked(() -> state.history().stream().map(m -> FakeMessage.of(m, telegram.render)).toList());
    }

    public Optional<FakeMessage> message(int messageId) {
        return world.locked(() -> state.message(messageId).map(m -> FakeMessage.of(m, telegram.render)));
    }

    /**
     * Waits for a message matching the condition (already there or yet to come) and returns the first.
     *
     * @throws AssertionError on timeout, listing the history
     */
    public FakeMessage awaitMessage(Predicate<FakeMessage> condition, Duration timeout) {
        return world.awaitLocked(timeout, () -> state.history().stream().map(m -> FakeMessage.of(m, telegram.render))
                .filter(condition).findFirst())
                .orElseThrow(() -> new AssertionError("timed out after " + timeout + " waiting for a message in chat "
                        + state.id + "; history: " + messages().stream().map(FakeMessage::json).toList()));
    }

    @Override
    public String toString() {
        return state.type.wireName() + " " + state.id;
    }

    ChatState state() {
        return state;
    }

    private MessageState message(FakeMessage message) {
        if (message.chatId() != state.id) {
            throw new IllegalArgumentException("message " + message.messageId() + " is not in chat " + state.id);
        }
        return state.message(message.messageId())
                .orElseThrow(() -> new IllegalArgumentException("no message " + message.messageId() + " in " + this));
    }
}
