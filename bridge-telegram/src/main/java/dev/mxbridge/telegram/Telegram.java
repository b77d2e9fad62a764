package dev.mxbridge.telegram;

import dev.mxbridge.core.network.KeyValueStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The bot speaking for itself in Telegram (link codes, warnings), through the chat's {@link ChatPacer}, and what the
 * bridge remembers about chats it has seen: titles and public usernames, for portal aliases.
 */
final class Telegram {
    private static final Logger LOG = LoggerFactory.getLogger(Telegram.class);
    private final BotApi api;
    private final ChatPacer pacer;
    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    private final KeyValueStore store;

    Telegram(BotApi api, ChatPacer pacer, KeyValueStore store) {
        this.api = api;
        this.pacer = pacer;
        this.store = store;
    }

    BotApi api() {
        return api;
    }

    KeyValueStore store() {
        return store;
    }

    ChatPacer pacer() {
        return pacer;
    }

    /** Sends HTML to a chat, as an answer to a message if {@code replyTo} is not null; logs and goes on on failure. */
    void say(String chat, String html, Integer replyTo) {
        SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().chatId(chat).text(html).parseMode("HTML");
        if (replyTo != null) {
            send.replyParameters(ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build());
        }
        try {
            pacer.send(chat, () -> api.client().execute(send.build()));
        } catch (TelegramApiException | RuntimeException e) {
            LOG.warn("could not tell Telegram chat {}: {}", chat, BotApi.describe(e));
        }
    }

    /** Remembers that a message opened a forum topic (its id is the topic's {@code message_thread_id}). */
    void topic(String chat, int threadId) {
        store.put("telegram.topics", chat + ":" + threadId, "1");
    }

    boolean isTopic(String chat, int threadId) {
        return store.get("telegram.topics", chat + ":" + threadId).isPresent();
    }

    /** Remembers a chat seen in an update. */
    void seen(Chat chat) {
        if (chat != null) {
            chats.put(chat.getId().toString(), chat);
        }
    }

    Optional<String> username(String chat) {
        return Optional.ofNullable(chats.get(chat)).map(Chat::getUserName).filter(u -> !u.isBlank());
    }

    String title(String chat) {
        Chat known = chats.get(chat);
        if (known != null && known.getTitle() != null) {
            return known.getTitle();
        }
        if (known != null && known.getFirstName() != null) {
            return known.getLastName() == null ? known.getFirstName() : known.getFirstName() + " " + known.getLastName();
        }
        try {
            return Optional.ofNullable(api.client().execute(GetChat.builder().chatId(chat).build()).getTitle())
                    .orElse(chat);
        } catch (TelegramApiException e) {
            return chat;
        }
    }
}
