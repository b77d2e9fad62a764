package dev.mxbridge.testkit.telegram;

import java.util.List;

/**
 * A user about to post in a chat, optionally as a reply or in a forum topic. Immutable: {@code replyTo} and
 * {@code inTopic} return new senders. Each post is delivered at once to the bots that see it.
 */
public final class Sender {
    private final FakeTelegram telegram;
    private final FakeChat chat;
    private final FakeUser user;
    private final int replyTo;
    private final int threadId;

    Sender(FakeTelegram telegram, FakeChat chat, FakeUser user, int replyTo, int threadId) {
        this.telegram = telegram;
        this.chat = chat;
        this.user = user;
        this.replyTo = replyTo;
        this.threadId = threadId;
    }

    public Sender replyTo(FakeMessage message) {
        if (message.chatId() != chat.id()) {
            throw new IllegalArgumentException("a reply must be in the same chat");
        }
        return new Sender(telegram, chat, user, message.messageId(), threadId);
    }

    /** Posts into the forum topic with this {@code message_thread_id} (see {@link FakeChat#createTopic}). */
    public Sender inTopic(int messageThreadId) {
        return new Sender(telegram, chat, user, replyTo, messageThreadId);
    }

    public FakeMessage text(String text, Entity... entities) {
        return send(Content.text(text, entities));
    }

    public FakeMessage send(Content content) {
        return telegram.world.locked(() -> FakeMessage.of(telegram.actions.post(chat.state(), user.state(), content,
                replyTo, threadId, ""), telegram.render));
    }

    /** An album: files sharing a {@code media_group_id}, one message (and update) each. */
    public List<FakeMessage> album(Content.File... items) {
        if (items.length < 2 || items.length > 10) {
            throw new IllegalArgumentException("an album has 2 to 10 items");
        }
        return telegram.world.locked(() -> telegram.actions.album(chat.state(), user.state(), List.of(items), replyTo,
                threadId).stream().map(m -> FakeMessage.of(m, telegram.render)).toList());
    }
}
