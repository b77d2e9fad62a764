package dev.mxbridge.telegram;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.business.DeleteBusinessMessages;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendLocation;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * A Matrix user logged in with one or more Telegram Business accounts: in their business chats' portals their messages,
 * files, edits, deletions and typing go out as them ({@code business_connection_id}); elsewhere (linked groups) the
 * relay speaks for them as for anyone. The connection's rights, as the account last announced them, are checked
 * first: without "reply" nothing is sent, and deleting needs a delete right (the bot's own messages, or any); Telegram
 * also refuses answers more than 24 hours after the customer last wrote. The user is told why. Reactions cannot go
 * out: the Bot API has no way to react as the account. The core asks a user's first login for everything they do,
 * so this client acts in the chats of every account tied to the same Matrix user, each with its chat's connection.
 *
 * <p>As a room's {@code set-relay} client it relays as {@link Relay} does, through the bot (a business connection
 * cannot post in groups as its owner): it is a {@link NetworkClient.VirtualUsers} relay for that reason, so that the
 * core hands relayed messages over unprefixed for the Telegram relay format, and it takes room changes and typing of
 * users without a login ({@link NetworkClient.RelaysRoomChanges}) as the relay does.
 */
final class BusinessClient implements NetworkClient, NetworkClient.Edits, NetworkClient.Deletions,
        NetworkClient.Reactions, NetworkClient.ReactionRemovals, NetworkClient.RoomNames, NetworkClient.RoomAvatars,
        NetworkClient.TypingNotices, NetworkClient.VirtualUsers, NetworkClient.RelaysRoomChanges {
    private static final Logger LOG = LoggerFactory.getLogger(BusinessClient.class);
    private static final String SETTINGS = "Telegram: Settings → Telegram Business → Chatbots";
    private final Telegram telegram;
    private final TelegramHtml html;
    private final Relay relay;
    private final OutboundMedia media;
    private final Business business;
    private final MatrixSide matrix;
    private final String matrixUser;
    private final TypingKeeper typing;
    private final RemoteUserId owner;
    private final Set<RemoteRoomId> toldAboutReactions = ConcurrentHashMap.newKeySet();

    BusinessClient(Telegram telegram, TelegramHtml html, Relay relay, OutboundMedia media, Business business,
                   MatrixSide matrix, String matrixUser, RemoteUserId owner, TypingKeeper typing) {
        this.typing = typing;
        this.telegram = telegram;
        this.html = html;
        this.relay = relay;
        this.media = media;
        this.business = business;
        this.matrix = matrix;
        this.matrixUser = matrixUser;
        this.owner = owner;
    }

    @Override
    public Optional<RemoteUserId> account() {
        return Optional.of(owner);
    }

    private boolean mine(RemoteRoomId room) {
        return Business.isRoom(room) && business.matrixUser(Business.connectionOf(room)).filter(matrixUser::equals).isPresent();
    }

    @Override
    public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
        if (!mine(room)) {
            return relay.send(room, Relay.relayed(message));
        }
        String connection = Business.connectionOf(room);
        mayReply(connection);
        String chat = Business.chatOf(room);
        Optional<Integer> reply = message.replyTo().map(r -> Integer.parseInt(r.value()));
        Message sent = explain(() -> switch (message.content()) {
            case MessageContent.Media m -> media.send(room, chat, Optional.of(connection), m,
                    m.caption().map(html::render).orElse(""), reply, Optional.empty());
            case MessageContent.Location l -> {
                String[] at = l.geoUri().replaceFirst("^geo:", "").split("[,;]");
                SendLocation.SendLocationBuilder<?, ?> pin = SendLocation.builder().businessConnectionId(connection)
                        .chatId(chat).latitude(Double.parseDouble(at[0])).longitude(Double.parseDouble(at[1]));
                reply.ifPresent(r -> pin.replyParameters(Relay.replyTo(r)));
                yield telegram.pacer().send(chat, () -> telegram.api().client().execute(pin.build()));
            }
            case MessageContent.Text t -> {
                SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().businessConnectionId(connection)
                        .chatId(chat).parseMode("HTML").text(html.render(t.text()));
                reply.ifPresent(r -> send.replyParameters(Relay.replyTo(r)));
                yield telegram.pacer().send(chat, () -> telegram.api().client().execute(send.build()));
            }
        });
        return RemoteMessageId.of(sent.getMessageId().toString());
    }

    @Override
    public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) throws Exception {
        if (!mine(room)) {
            relay.edit(room, target, Relay.relayed(replacement));
            return;
        }
        String connection = Business.connectionOf(room);
        mayReply(connection);
        String chat = Business.chatOf(room);
        if (replacement.content() instanceof MessageContent.Media m) { // a new caption
            String caption = m.caption().map(html::render).orElse("");
            explain(() -> telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageCaption.builder()
                    .businessConnectionId(connection).chatId(chat).messageId(Integer.parseInt(target.value()))
                    .caption(caption).parseMode("HTML").build())));
            return;
        }
        String text = replacement.content() instanceof MessageContent.Text t ? html.render(t.text())
                : TelegramHtml.escape(replacement.content().plainText());
        explain(() -> telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageText.builder()
                .businessConnectionId(connection).chatId(chat).messageId(Integer.parseInt(target.value())).text(text)
                .parseMode("HTML").build())));
    }

    /**
     * A redaction in the portal deletes the message for the account ({@code deleteBusinessMessages}): the bot's own
     * with either delete right, others' only with the right to delete any. Without it the room is told.
     */
    @Override
    public void delete(RemoteRoomId room, RemoteMessageId target) throws Exception {
        if (!mine(room)) {
            relay.delete(room, target);
            return;
        }
        String refused = "The message was not deleted in Telegram: your Telegram Business connection does not let "
                + "the bot delete it (allow deleting messages in " + SETTINGS + ").";
        String connection = Business.connectionOf(room);
        Optional<Business.Rights> rights = business.rights(connection);
        if (rights.filter(r -> !r.canDeleteOutgoing() && !r.canDeleteAll()).isPresent()) {
            matrix.notice(room, refused);
            return;
        }
        String chat = Business.chatOf(room);
        try {
            telegram.pacer().send(chat, () -> telegram.api().client().execute(DeleteBusinessMessages.builder()
                    .businessConnectionId(connection).messageIds(List.of(Integer.parseInt(target.value()))).build()));
        } catch (TelegramApiRequestException e) {
            if (!BotApi.describe(e).contains("BOT_ACCESS_FORBIDDEN")) {
                throw e;
            }
            matrix.notice(room, refused);
        }
    }

    @Override
    public void react(RemoteRoomId room, RemoteMessageId target, String key) throws Exception {
        if (!mine(room)) {
            relay.react(room, target, key);
        } else if (toldAboutReactions.add(room)) {
            matrix.notice(room, "Reactions are not sent to Telegram in business chats: the Bot API cannot react as "
                    + "your account.");
        }
    }

    @Override
    public void unreact(RemoteRoomId room, RemoteMessageId target, String key) throws Exception {
        if (!mine(room)) {
            relay.unreact(room, target, key);
        }
    }

    @Override
    public void setRoomName(RemoteRoomId room, String name) throws Exception {
        if (!mine(room)) {
            relay.setRoomName(room, name);
        }
    }

    @Override
    public void setRoomAvatar(RemoteRoomId room, Optional<Media> avatar) throws Exception {
        if (!mine(room)) {
            relay.setRoomAvatar(room, avatar);
        }
    }

    /**
     * Typing in a business chat shows as the owner typing ({@code sendChatAction} with the chat's connection), kept
     * alive past Telegram's five seconds while they type ({@link TypingKeeper}).
     */
    @Override
    public void typing(RemoteRoomId room, boolean typing) throws Exception {
        if (!mine(room)) {
            relay.typing(room, typing);
            return;
        }
        String connection = Business.connectionOf(room);
        String chat = Business.chatOf(room);
        this.typing.typing(room.value(), typing, () -> {
            if (business.rights(connection).map(Business.Rights::canReply).orElse(true)) {
                try {
                    telegram.api().client().execute(SendChatAction.builder().businessConnectionId(connection)
                            .chatId(chat).action(ActionType.TYPING.toString()).build());
                } catch (TelegramApiException e) {
                    LOG.debug("no typing action in business chat {}: {}", chat, BotApi.describe(e));
                }
            }
        });
    }

    /** Fails, with the reason, where the account does not let the bot answer (as far as the bridge knows). */
    private void mayReply(String connection) {
        Optional<Business.Rights> rights = business.rights(connection);
        if (rights.filter(r -> !r.enabled()).isPresent()) {
            throw new TelegramException("your Telegram Business account has disconnected the bot; connect it again "
                    + "in " + SETTINGS);
        }
        if (rights.filter(r -> !r.canReply()).isPresent()) {
            throw new TelegramException(NO_REPLY);
        }
    }

    private static final String NO_REPLY = "your Telegram Business connection does not let the bot reply; allow it "
            + "in " + SETTINGS;

    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    private static <T> T explain(Call<T> call) throws TelegramApiException {
        try {
            return call.run();
        } catch (TelegramApiRequestException e) {
            String why = BotApi.describe(e);
            if (why.contains("BOT_ACCESS_FORBIDDEN")) {
                throw new TelegramException(NO_REPLY, e);
            }
            if (why.contains("BUSINESS_PEER_USAGE_MISSING")) {
                throw new TelegramException("Telegram lets a business bot answer only within 24 hours of the "
                        + "customer's last message; answer in the Telegram app", e);
            }
            throw e;
        }
    }
}
