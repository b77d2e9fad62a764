package dev.mxbridge.telegram;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionUpdated;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionType;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionTypeEmoji;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Telegram updates into remote events, stored with {@code pushDurably} under the delivery key {@code tg:<update_id>}
 * (so an update that comes again after a crash is bridged once). {@link #handle} completes when every event of the
 * batch is stored: only then may the caller confirm the updates to Telegram. Commands ({@code /link},
 * {@code /unlink}) and supergroup migrations are acted on here; messages of chats that are neither linked nor public
 * are not bridged.
 */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);
    private static final Pattern COMMAND = Pattern.compile("^/(link|unlink)(?:@(\\w+))?(?:\\s+(\\S+))?\\s*$");
    private static final Pattern LOGIN = Pattern.compile("^/login\\s+([A-Za-z2-9]{8})$");
    private static final String DONE = "telegram.commands";
    private static final Set<String> MEMBERS = Set.of("creator", "administrator", "member", "restricted");

    private final Telegram telegram;
    private final Linking linking;
    private final MatrixSide matrix;
    private final Contents contents;
    private final Profiles profiles;
    private final Business business;
    private volatile NetworkContext context;

    Inbound(Telegram telegram, Linking linking, MatrixSide matrix, InboundMedia media, Profiles profiles,
            Business business) {
        this.business = business;
        this.telegram = telegram;
        this.linking = linking;
        this.matrix = matrix;
        this.contents = new Contents(media, profiles);
        this.profiles = profiles;
    }

    void start(NetworkContext started) {
        context = started;
        contents.start(started);
    }

    /**
     * Bridges a batch of updates in order.
     *
     * @return completes once all their events are stored
     * @throws TelegramApiException or IOException if a file could not be fetched: confirm nothing, try again later
     */
    synchronized CompletableFuture<Void> handle(List<Update> updates) throws TelegramApiException, IOException {
        LinkedChats linked = new LinkedChats();
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (Update update : updates) {
            List<RemoteEvent> events;
            try {
                events = events(update, linked);
            } catch (RuntimeException | TelegramApiRequestException e) {
                if (e instanceof TelegramApiRequestException r && (BotApi.errorCode(r) == 429 || BotApi.errorCode(r) >= 500)) {
                    throw r;
                }
                // not worth retrying (a bug, or Telegram refusing for good): skip it rather than block the chat
                LOG.warn("could not bridge update {}, skipped: {}", update.getUpdateId(), e.toString());
                events = List.of();
            }
            for (int i = 0; i < events.size(); i++) {
                String key = "tg:" + update.getUpdateId() + (i == 0 ? "" : ":" + i);
                stored.add(context.pushDurably(events.get(i), Optional.of(key)));
            }
        }
        Map<Long, String> profileChanges = profiles.drainPending();
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                .thenRun(() -> profiles.persist(profileChanges));
    }

    private List<RemoteEvent> events(Update u, LinkedChats linked) throws TelegramApiException, IOException {
        if (u.hasMessage() || u.hasChannelPost()) {
            return message(u.getUpdateId(), u.hasMessage() ? u.getMessage() : u.getChannelPost(), linked);
        }
        if (u.getBusinessConnection() != null) {
            business.onConnection(u.getBusinessConnection());
            return List.of();
        }
        if (u.getBusinessMessage() != null) {
            return message(u.getUpdateId(), u.getBusinessMessage(), linked);
        }
        if (u.getEditedBuinessMessage() != null) {
            Message m = u.getEditedBuinessMessage();
            return business.matrixUser(m.getBusinessConnectionId()).isPresent() ? edit(m) : List.of();
        }
        if (u.getDeletedBusinessMessages() != null) {
            var d = u.getDeletedBusinessMessages();
            RemoteRoomId room = business.room(d.getBusinessConnectionId(), d.getChat().getId());
            return business.matrixUser(d.getBusinessConnectionId()).isEmpty() ? List.of()
                    : d.getMessageIds().stream().<RemoteEvent>map(id -> new RemoteEvent.Delete(room,
                    new RemoteUserId(d.getChat().getId().toString()), RemoteMessageId.of(id.toString()), Instant.now()))
                    .toList();
        }
        if (u.hasEditedMessage() || u.hasEditedChannelPost()) {
            Message m = u.hasEditedMessage() ? u.getEditedMessage() : u.getEditedChannelPost();
            return bridged(m, linked) ? edit(m) : List.of();
        }
        if (u.getChatMember() != null && u.getChatMember().getChat().getType().equals("channel")) {
            return bridged(u.getChatMember().getChat(), linked) ? channelMember(u.getChatMember()) : List.of();
        }
        if (u.getMessageReaction() != null) {
            MessageReactionUpdated r = u.getMessageReaction();
            return bridged(r.getChat(), linked) ? reactions(r) : List.of();
        }
        return List.of();
    }

    private RemoteRoomId roomOf(Message m) {
        return m.getBusinessConnectionId() != null ? business.room(m.getBusinessConnectionId(), m.getChatId())
                : new RemoteRoomId(m.getChatId().toString());
    }

    private boolean bridged(Message m, LinkedChats linked) {
        telegram.seen(m.getChat());
        return m.getBusinessConnectionId() != null ? business.matrixUser(m.getBusinessConnectionId()).isPresent()
                : bridged(m.getChat(), linked);
    }

    private boolean bridged(Chat chat, LinkedChats linked) {
        telegram.seen(chat);
        return chat.getUserName() != null && !chat.getUserName().isBlank() || linked.contains(chat.getId().toString());
    }

    private List<RemoteEvent> message(int updateId, Message m, LinkedChats linked)
            throws TelegramApiException, IOException {
        RemoteRoomId room = roomOf(m);
        Instant at = Instant.ofEpochSecond(m.getDate());
        if (m.hasText() && m.getBusinessConnectionId() == null && "private".equals(m.getChat().getType())) {
            Matcher login = LOGIN.matcher(m.getText().trim());
            if (login.matches()) {
                business.onLogin(m, login.group(1));
                return List.of();
            }
        }
        if (m.hasText() && m.getBusinessConnectionId() == null) {
            Matcher command = COMMAND.matcher(m.getText().trim());
            if (command.matches() && (command.group(2) == null
                    || command.group(2).equalsIgnoreCase(telegram.api().me().getUserName()))) {
                if (context.store().get(DONE, Integer.toString(updateId)).isEmpty()) {
                    linking.onCommand(m, command.group(1), Optional.ofNullable(command.group(3)));
                    context.store().put(DONE, Integer.toString(updateId), "1");
                }
                return List.of();
            }
        }
        if (m.getMigrateToChatId() != null) {
            RemoteRoomId to = new RemoteRoomId(m.getMigrateToChatId().toString());
            if (matrix.moveLinks(room, to)) {
                linked.add(to.value());
                matrix.notice(to, "The Telegram group became a supergroup; the link moved with it.");
            }
            return List.of();
        }
        if (m.getMigrateFromChatId() != null || !bridged(m, linked)) {
            return List.of();
        }
        Sender sender = sender(m);
        List<RemoteEvent> events = new ArrayList<>();
        if (m.getFrom() != null && m.getSenderChat() == null) {
            profiles.check(m.getFrom(), room, at).ifPresent(events::add);
        }
        if (m.getNewChatMembers() != null && !m.getNewChatMembers().isEmpty()) {
            for (User member : m.getNewChatMembers()) {
                if (!member.getId().equals(telegram.api().me().getId())) {
                    profiles.check(member, room, at).ifPresent(events::add);
                    events.add(new RemoteEvent.Membership(room, sender.id(), Profiles.id(member),
                            RemoteEvent.Membership.Change.JOIN, Optional.empty(), at));
                }
            }
            return events;
        }
        if (m.getLeftChatMember() != null) {
            User member = m.getLeftChatMember();
            boolean self = m.getFrom() == null || m.getFrom().getId().equals(member.getId());
            if (!member.getId().equals(telegram.api().me().getId())) {
                events.add(new RemoteEvent.Membership(room, sender.id(), Profiles.id(member),
                        self ? RemoteEvent.Membership.Change.LEAVE : RemoteEvent.Membership.Change.KICK,
                        Optional.empty(), at));
            }
            return events;
        }
        if (m.getNewChatTitle() != null) {
            events.add(new RemoteEvent.RoomInfo(room, sender.id(), Optional.of(m.getNewChatTitle()), Optional.empty(), at));
            return events;
        }
        if (m.getNewChatPhoto() != null && !m.getNewChatPhoto().isEmpty()) {
            var largest = m.getNewChatPhoto().getLast();
            String mxc = context.upload(telegram.api().download(largest.getFileId(), Optional.empty()), "image/jpeg",
                    "chat-photo.jpg");
            events.add(new RemoteEvent.RoomInfo(room, sender.id(), Optional.empty(), Optional.empty(), Optional.of(mxc), at));
            return events;
        }
        if (Boolean.TRUE.equals(m.getDeleteChatPhoto())) {
            events.add(new RemoteEvent.RoomInfo(room, sender.id(), Optional.empty(), Optional.empty(), Optional.of(""), at));
            return events;
        }
        RemoteMessageId id = RemoteMessageId.of(m.getMessageId().toString());
        Optional<RemoteMessageId> thread = Boolean.TRUE.equals(m.getIsTopicMessage()) && m.getMessageThreadId() != null
                ? Optional.of(RemoteMessageId.of(m.getMessageThreadId().toString())) : Optional.empty();
        if (thread.isPresent()) {
            telegram.topic(m.getChatId().toString(), m.getMessageThreadId());
        }
        if (m.getForumTopicCreated() != null) {
            telegram.topic(m.getChatId().toString(), m.getMessageId());
            events.add(new RemoteEvent.Message(room, sender.id(), sender.name(), id, at, new MessageContent.Text(
                    MessageContent.Text.Kind.NOTICE, FormattedText.plain("Topic: " + m.getForumTopicCreated().getName())),
                    Optional.empty()));
            return events;
        }
        Optional<RemoteMessageId> replyTo = Optional.ofNullable(m.getReplyToMessage()).map(Message::getMessageId)
                .filter(r -> m.getMessageThreadId() == null || !r.equals(m.getMessageThreadId()))
                .map(r -> RemoteMessageId.of(r.toString()));
        List<MessageContent> parts = contents.of(m);
        for (int i = 0; i < parts.size(); i++) {
            events.add(new RemoteEvent.Message(room, sender.id(), sender.name(), id.part(i), at, parts.get(i),
                    replyTo, thread));
        }
        return events;
    }

    /** Who a message is from: its user, or the chat it was sent as (channel posts, anonymous admins). */
    private record Sender(RemoteUserId id, Optional<String> name) {
    }

    private static Sender sender(Message m) {
        if (m.getSenderChat() != null) {
            return new Sender(new RemoteUserId(m.getSenderChat().getId().toString()),
                    Optional.ofNullable(m.getSenderChat().getTitle()));
        }
        if (m.getFrom() != null) {
            return new Sender(Profiles.id(m.getFrom()), Optional.of(Profiles.displayName(m.getFrom())));
        }
        return new Sender(new RemoteUserId(m.getChatId().toString()), Optional.ofNullable(m.getChat().getTitle()));
    }

    private List<RemoteEvent> edit(Message m) throws TelegramApiException, IOException {
        Optional<Contents.Edited> edited = contents.edited(m);
        if (edited.isEmpty()) {
            return List.of();
        }
        Instant at = Instant.ofEpochSecond(m.getEditDate() != null ? m.getEditDate() : m.getDate());
        RemoteMessageId target = RemoteMessageId.of(m.getMessageId().toString()).part(edited.get().part());
        return List.of(new RemoteEvent.Edit(roomOf(m), sender(m).id(), target, at, edited.get().content()));
    }

    /**
     * Joins and leaves in channels, which have no service messages; in groups {@code new_chat_members} and
     * {@code left_chat_member} say the same (to every bot, not only admins), so {@code chat_member} is not used there.
     */
    private List<RemoteEvent> channelMember(ChatMemberUpdated change) {
        boolean before = MEMBERS.contains(change.getOldChatMember().getStatus());
        boolean after = MEMBERS.contains(change.getNewChatMember().getStatus());
        User member = change.getNewChatMember().getUser();
        if (before == after || member.getId().equals(me())) {
            return List.of();
        }
        RemoteRoomId room = new RemoteRoomId(change.getChat().getId().toString());
        Instant at = Instant.ofEpochSecond(change.getDate());
        List<RemoteEvent> events = new ArrayList<>();
        if (after) {
            profiles.check(member, room, at).ifPresent(events::add);
        }
        boolean self = change.getFrom() == null || change.getFrom().getId().equals(member.getId());
        events.add(new RemoteEvent.Membership(room, change.getFrom() == null ? Profiles.id(member)
                : Profiles.id(change.getFrom()), Profiles.id(member), after ? RemoteEvent.Membership.Change.JOIN
                : self ? RemoteEvent.Membership.Change.LEAVE : RemoteEvent.Membership.Change.KICK, Optional.empty(), at));
        return events;
    }

    private Long me() {
        try {
            return telegram.api().me().getId();
        } catch (TelegramApiException e) {
            return 0L;
        }
    }

    private List<RemoteEvent> reactions(MessageReactionUpdated r) {
        RemoteUserId who = r.getUser() != null ? Profiles.id(r.getUser())
                : new RemoteUserId(r.getActorChat().getId().toString());
        List<String> before = emoji(r.getOldReaction());
        List<RemoteEvent> events = new ArrayList<>();
        List<String> after = emoji(r.getNewReaction());
        RemoteRoomId room = new RemoteRoomId(r.getChat().getId().toString());
        RemoteMessageId target = RemoteMessageId.of(r.getMessageId().toString());
        Instant at = Instant.ofEpochSecond(r.getDate());
        for (String emoji : before) {
            if (!after.contains(emoji)) {
                events.add(new RemoteEvent.ReactionRemoved(room, who, target, emoji, at));
            }
        }
        for (String emoji : after) {
            if (!before.contains(emoji)) {
                events.add(new RemoteEvent.Reaction(room, who, target, emoji, at));
            }
        }
        return events;
    }

    private static List<String> emoji(List<ReactionType> reactions) {
        return reactions == null ? List.of() : reactions.stream().filter(ReactionTypeEmoji.class::isInstance)
                .map(t -> ((ReactionTypeEmoji) t).getEmoji()).toList();
    }

    /**
     * The chats linked to Matrix rooms, read from the store once per batch and only when a chat without a username
     * (which is bridged only if linked) needs it: not a database read on the way of every public chat's messages.
     */
    private final class LinkedChats {
        private Set<String> ids;

        boolean contains(String chatId) {
            return load().contains(chatId);
        }

        void add(String chatId) {
            load().add(chatId);
        }

        private Set<String> load() {
            if (ids == null) {
                ids = new HashSet<>();
                context.linkedRooms().forEach(r -> ids.add(r.value()));
            }
            return ids;
        }
    }
}
