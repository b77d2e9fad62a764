package dev.mxbridge.telegram;

import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.client.Media;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * A Matrix user logged in with their Telegram Business account: in their business chats' portals their messages
 * and edits go out as them ({@code business_connection_id}); elsewhere (linked groups) the relay speaks for them as
 * for anyone. Telegram refuses answers without the "reply" right and more than 24 hours after the customer last
 * wrote: the user is told why.
 */
final class BusinessClient implements NetworkClient, NetworkClient.Edits, NetworkClient.Redactions,
        NetworkClient.Reactions, NetworkClient.ReactionRemovals, NetworkClient.RoomNames, NetworkClient.RoomAvatars,
        NetworkClient.TypingNotices {
    private static final Logger LOG = LoggerFactory.getLogger(BusinessClient.class);
    private final Telegram telegram;
    private final TelegramHtml html;
    private final Relay relay;
    private final String connection;
    private final RemoteUserId owner;

    BusinessClient(Telegram telegram, TelegramHtml html, Relay relay, String connection, RemoteUserId owner) {
        this.telegram = telegram;
        this.html = html;
        this.relay = relay;
        this.connection = connection;
        this.owner = owner;
    }

    @Override
    public Optional<RemoteUserId> account() {
        return Optional.of(owner);
    }

    private boolean mine(RemoteRoomId room) {
        return Business.isRoom(room) && Business.connectionOf(room).equals(connection);
    }

    @Override
    public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
        if (!mine(room)) {
            return relay.send(room, RelayedUser.relayed(message));
        }
        String chat = Business.chatOf(room);
        String text = message.content() instanceof MessageContent.Text t ? html.render(t.text())
                : TelegramHtml.escape(message.content().plainText());
        SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().businessConnectionId(connection).chatId(chat)
                .parseMode("HTML").text(text);
        message.replyTo().ifPresent(r -> send.replyParameters(Relay.replyTo(Integer.parseInt(r.value()))));
        Message sent = explain(() -> telegram.pacer().send(chat, () -> telegram.api().client().execute(send.build())));
        return RemoteMessageId.of(sent.getMessageId().toString());
    }

    @Override
    public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) throws Exception {
        if (!mine(room)) {
            relay.edit(room, target, RelayedUser.relayed(replacement));
            return;
        }
        String chat = Business.chatOf(room);
        String text = replacement.content() instanceof MessageContent.Text t ? html.render(t.text())
                : TelegramHtml.escape(replacement.content().plainText());
        explain(() -> telegram.pacer().send(chat, () -> telegram.api().client().execute(EditMessageText.builder()
                .businessConnectionId(connection).chatId(chat).messageId(Integer.parseInt(target.value())).text(text)
                .parseMode("HTML").build())));
    }

    @Override
    public void delete(RemoteRoomId room, RemoteMessageId target) throws Exception {
        if (!mine(room)) {
            relay.delete(room, target);
        }
        // deleting business messages needs deleteBusinessMessages, not done yet: the message stays in Telegram
    }

    @Override
    public void react(RemoteRoomId room, RemoteMessageId target, String key) throws Exception {
        if (!mine(room)) {
            relay.react(room, target, key);
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

    /** Typing in a business chat shows as the owner typing ({@code sendChatAction} with the connection). */
    @Override
    public void typing(RemoteRoomId room, boolean typing) throws Exception {
        if (!mine(room)) {
            relay.typing(room, typing);
        } else if (typing) {
            String chat = Business.chatOf(room);
            try {
                telegram.api().client().execute(SendChatAction.builder().businessConnectionId(connection).chatId(chat)
                        .action(ActionType.TYPING.toString()).build());
            } catch (TelegramApiException e) {
                LOG.debug("no typing action in business chat {}: {}", chat, BotApi.describe(e));
            }
        }
    }

    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    private static <T> T explain(Call<T> call) throws TelegramApiException {
        try {
            return call.run();
        } catch (TelegramApiRequestException e) {
            String why = BotApi.describe(e);
            if (why.contains("BOT_ACCESS_FORBIDDEN")) {
                throw new TelegramException("your Telegram Business connection does not let the bot reply; allow "
                        + "it in Telegram (Settings → Telegram Business → Chatbots)", e);
            }
            if (why.contains("BUSINESS_PEER_USAGE_MISSING")) {
                throw new TelegramException("Telegram lets a business bot answer only within 24 hours of the "
                        + "customer's last message; answer in the Telegram app", e);
            }
            throw e;
        }
    }
}
