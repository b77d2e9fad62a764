package dev.mxbridge.telegram;

import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.client.Media;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.groupadministration.DeleteChatPhoto;
import org.telegram.telegrambots.meta.api.methods.groupadministration.SetChatPhoto;
import org.telegram.telegrambots.meta.api.methods.groupadministration.SetChatTitle;
import org.telegram.telegrambots.meta.api.methods.reactions.SetMessageReaction;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionTypeEmoji;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The relay bot: Matrix users' messages go out through the bot in the configured HTML format (default
 * {@code <b>{displayname}</b>: {message}}), with replies, forum topics (a Matrix thread whose root is a topic), edits
 * ({@code editMessageText}, or {@code editMessageCaption} for a file's caption), deletions (Telegram allows bots to
 * delete only within 48 hours: past that the Matrix room is told) and reactions (one per bot and message: the latest
 * wins; taking it back in Matrix clears it). It is a {@link NetworkClient.VirtualUsers} relay so that the core hands over the message unprefixed and the
 * format can use Telegram's HTML, which the core's plain relay format cannot. A portal's Matrix name and avatar
 * become the chat's title and photo where the bot is allowed to change the chat's info, and typing shows as the bot's
 * {@code typing} action: it is a {@link NetworkClient.RelaysRoomChanges} relay, so the core brings these of Matrix
 * users without a login here.
 */
final class Relay implements NetworkClient, NetworkClient.VirtualUsers, NetworkClient.Edits, NetworkClient.Deletions,
        NetworkClient.Reactions, NetworkClient.ReactionRemovals, NetworkClient.RoomNames, NetworkClient.RoomAvatars,
        NetworkClient.TypingNotices, NetworkClient.RelaysRoomChanges {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final String REACTIONS = "telegram.reactions";
    private final Telegram telegram;
    private final TelegramHtml html;
    private final OutboundMedia media;
    private final MatrixSide matrix;
    private final String format;
    private final TypingKeeper typing;

    Relay(Telegram telegram, TelegramHtml html, OutboundMedia media, MatrixSide matrix, String format,
          TypingKeeper typing) {
        this.typing = typing;
        this.telegram = telegram;
        this.html = html;
        this.media = media;
        this.matrix = matrix;
        this.format = format;
    }

    @Override
    public Optional<RemoteUserId> account() {
        try {
            return Optional.of(new RemoteUserId(telegram.api().me().getId().toString()));
        } catch (TelegramApiException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends; a group that became a supergroup without the bridge hearing of it (the bridge was down longer than
     * Telegram keeps updates) answers with {@code migrate_to_chat_id}: the links move there and the message is sent
     * again, to the supergroup. Its message map entry stays under the old id, as {@code moveLinks} leaves it.
     */
    @Override
    public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
        try {
            return sendOnce(room, message);
        } catch (TelegramApiRequestException e) {
            Optional<Long> supergroup = BotApi.migratedTo(e);
            if (supergroup.isEmpty() || Business.isRoom(room)) {
                throw e;
            }
            RemoteRoomId moved = new RemoteRoomId(supergroup.get().toString());
            if (matrix.moveLinks(room, moved)) {
                matrix.notice(moved, "The Telegram group became a supergroup; the link moved with it.");
            }
            return sendOnce(moved, message);
        }
    }

    private RemoteMessageId sendOnce(RemoteRoomId room, OutboundMessage message) throws Exception {
        String chat = room.value();
        Optional<Integer> root = message.thread().map(r -> Integer.parseInt(r.value()));
        // a thread whose root opened a forum topic goes into the topic; any other thread is a reply to its root
        Optional<Integer> topic = root.filter(id -> telegram.isTopic(chat, id));
        Optional<Integer> reply = message.replyTo().map(r -> Integer.parseInt(r.value()))
                .or(() -> root.filter(id -> topic.isEmpty()));
        Message sent = switch (message.content()) {
            case MessageContent.Media m -> media.send(chat, m, caption(message, mediaCaption(m)), reply, topic);
            case MessageContent.Location l -> media.location(chat, l, caption(message, TelegramHtml.escape(
                    l.description())), reply, topic);
            case MessageContent.Text t -> {
                SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().chatId(chat).parseMode("HTML")
                        .text(text(message, t));
                reply.ifPresent(r -> send.replyParameters(replyTo(r)));
                topic.ifPresent(send::messageThreadId);
                yield telegram.pacer().send(chat, () -> telegram.api().client().execute(send.build()));
            }
        };
        return RemoteMessageId.of(sent.getMessageId().toString());
    }

    /** The message as the core hands it to a relay: marked relayed, with the sender's name for the format. */
    static OutboundMessage relayed(OutboundMessage m) {
        return new OutboundMessage(m.sender(), m.senderName(), m.senderAvatar(), m.content(), m.replyTo(), true,
                m.thread(), m.quote(), m.eventId());
    }

    static ReplyParameters replyTo(int messageId) {
        return ReplyParameters.builder().messageId(messageId).allowSendingWithoutReply(true).build();
    }

    private String text(OutboundMessage message, MessageContent.Text t) {
        String body = html.render(t.text());
        if (!message.relayed()) {
            return body;
        }
        if (t.kind() == MessageContent.Text.Kind.EMOTE) {
            return "* <b>" + TelegramHtml.escape(message.senderName()) + "</b> " + body;
        }
        return caption(message, body);
    }

    /** A file's caption as HTML: the Matrix caption, or else its file name. */
    private String mediaCaption(MessageContent.Media m) {
        return m.caption().map(html::render).orElseGet(() -> TelegramHtml.escape(m.filename()));
    }

    /** The relay format around an HTML body. */
    private String caption(OutboundMessage message, String body) {
        if (!message.relayed()) {
            return body;
        }
        return format.replace("{displayname}", TelegramHtml.escape(message.senderName()))
                .replace("{userid}", TelegramHtml.escape(message.sender())).replace("{message}", body);
    }

    @Override
    public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) throws Exception {
        String chat = room.value();
        int id = Integer.parseInt(target.value());
        if (replacement.content() instanceof MessageContent.Media m) { // a new caption, as sent: editMessageCaption
            String caption = caption(replacement, mediaCaption(m));
            try {
                telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageCaption.builder()
                        .chatId(chat).messageId(id).caption(caption).parseMode("HTML").build()));
            } catch (TelegramApiRequestException e) {
                if (!BotApi.describe(e).contains("message is not modified")) {
                    throw e;
                }
            }
            return;
        }
        String text = replacement.content() instanceof MessageContent.Text t ? text(replacement, t)
                : caption(replacement, TelegramHtml.escape(replacement.content().plainText()));
        try {
            telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageText.builder().chatId(chat)
                    .messageId(id).text(text).parseMode("HTML").build()));
        } catch (TelegramApiRequestException e) {
            String why = BotApi.describe(e);
            if (why.contains("no text in the message")) {
                telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageCaption.builder()
                        .chatId(chat).messageId(id).caption(text).parseMode("HTML").build()));
            } else if (!why.contains("message is not modified")) {
                throw e;
            }
        }
    }

    @Override
    public void delete(RemoteRoomId room, RemoteMessageId target) throws Exception {
        String chat = room.value();
        try {
            telegram.pacer().send(chat, () -> telegram.api().client().execute(DeleteMessage.builder().chatId(chat)
                    .messageId(Integer.parseInt(target.value())).build()));
        } catch (TelegramApiRequestException e) {
            if (BotApi.describe(e).contains("can't be deleted")) {
                matrix.notice(room, "A message could not be deleted in Telegram: bots may delete messages only "
                        + "within 48 hours of sending them (and others' messages only as an administrator). "
                        + "It stays visible there.");
                return;
            }
            throw e;
        }
    }

    /** Takes the bot's reaction back, if it is still this one (a later Matrix reaction replaced it otherwise). */
    @Override
    public void unreact(RemoteRoomId room, RemoteMessageId target, String key) throws Exception {
        String chat = room.value();
        String reactionKey = chat + ":" + target.value();
        if (!telegram.store().get(REACTIONS, reactionKey).filter(key::equals).isPresent()) {
            return;
        }
        telegram.pacer().send(chat, () -> telegram.api().client().execute(SetMessageReaction.builder().chatId(chat)
                .messageId(Integer.parseInt(target.value())).reactionTypes(List.of()).build()));
        telegram.store().delete(REACTIONS, reactionKey);
    }

    @Override
    public void react(RemoteRoomId room, RemoteMessageId target, String key) throws Exception {
        String chat = room.value();
        String emoji = key.replace("\uFE0F", "");
        try {
            telegram.pacer().send(chat, () -> telegram.api().client().execute(SetMessageReaction.builder().chatId(chat)
                    .messageId(Integer.parseInt(target.value()))
                    .reactionTypes(List.of(ReactionTypeEmoji.builder().emoji(emoji).build())).build()));
            telegram.store().put(REACTIONS, chat + ":" + target.value(), key);
        } catch (TelegramApiRequestException e) {
            if (BotApi.describe(e).contains("REACTION_INVALID")) {
                matrix.notice(room, "The reaction " + key + " was not sent to Telegram: it is not one of the "
                        + "reactions Telegram allows there.");
                return;
            }
            throw e;
        }
    }

    /** A portal renamed in Matrix: the chat's title, where the bot may change the chat's info. */
    @Override
    public void setRoomName(RemoteRoomId room, String name) throws Exception {
        String chat = room.value();
        if (Business.isRoom(room) || name.isBlank()) {
            return; // private chats have no title; Telegram refuses an empty one
        }
        String title = name.strip().length() > 128 ? name.strip().substring(0, 128) : name.strip();
        changeInfo(room, "name", () -> telegram.api().client().execute(SetChatTitle.builder().chatId(chat)
                .title(title).build()));
    }

    /** A portal's Matrix avatar: the chat's photo, or no photo when the avatar was removed. */
    @Override
    public void setRoomAvatar(RemoteRoomId room, Optional<Media> avatar) throws Exception {
        String chat = room.value();
        if (Business.isRoom(room)) {
            return;
        }
        // the library names the multipart part after the InputFile, and Telegram reads the part named "photo"
        changeInfo(room, "avatar", () -> avatar.isPresent()
                ? telegram.api().client().execute(SetChatPhoto.builder().chatId(chat)
                .photo(new InputFile(new ByteArrayInputStream(avatar.get().content()), "photo")).build())
                : telegram.api().client().execute(DeleteChatPhoto.builder().chatId(chat).build()));
    }

    private void changeInfo(RemoteRoomId room, String what, ChatPacer.Call<Boolean> call) throws TelegramApiException {
        try {
            telegram.pacer().send(room.value(), call);
        } catch (TelegramApiRequestException e) {
            String why = BotApi.describe(e);
            if (why.contains("not enough rights")) {
                matrix.notice(room, "The room's " + what + " was not changed in Telegram: the bot needs to be an "
                        + "administrator there with the right to change the group's info.");
            } else if (!why.contains("not modified") && !why.contains("CHAT_NOT_MODIFIED")) {
                throw e;
            }
        }
    }

    /**
     * A Matrix user started or stopped typing: the bot's {@code typing} action, which Telegram shows for five seconds
     * or until the bot's next message and cannot end early, so it is sent again while anyone types
     * ({@link TypingKeeper}) and simply not again once they stopped.
     */
    @Override
    public void typing(RemoteRoomId room, boolean typing) {
        if (!Business.isRoom(room)) {
            this.typing.typing(room.value(), typing, () -> {
                try {
                    telegram.api().client().execute(SendChatAction.builder().chatId(room.value())
                            .action(ActionType.TYPING.toString()).build());
                } catch (TelegramApiException e) {
                    LOG.debug("no typing action in {}: {}", room, BotApi.describe(e)); // only a hint: not worth a retry
                }
            });
        }
    }
}
