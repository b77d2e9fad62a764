package dev.mxbridge.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Sends to one Telegram chat one call at a time, in the order they come, within Telegram's pace (a pause between
 * sends to a chat, a number of sends per minute to a group), and waits out a 429's {@code retry_after} before trying
 * the same call again — so a flood answer delays the chat's later messages instead of reordering them. Other chats go
 * on meanwhile. Blocking: callers are the core's room lanes (virtual threads).
 */
final class ChatPacer {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPacer.class);
    private static final int MAX_FLOOD_WAITS = 8;

    /** One Bot API call. */
    interface Call<T> {
        T run() throws TelegramApiException;
    }

    private final Duration interval;
    private final int groupPerMinute;
    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    private volatile TelegramMetrics metrics;

    ChatPacer(Duration interval, int groupPerMinute) {
        this.interval = interval;
        this.groupPerMinute = groupPerMinute;
    }

    /** Counts sends and 429s from now on. */
    void metered(TelegramMetrics value) {
        this.metrics = value;
    }

    private static final class Chat {
        final ReentrantLock lock = new ReentrantLock(true);
        final Deque<Long> recent = new ArrayDeque<>();
        long last;
    }

    <T> T send(String chatId, Call<T> call) throws TelegramApiException {
        Chat chat = chats.computeIfAbsent(chatId, id -> new Chat());
        chat.lock.lock();
        try {
            pace(chat, chatId.startsWith("-"));
            for (int flood = 0; ; flood++) {
                try {
                    T result = call.run();
                    TelegramMetrics m = metrics;
                    if (m != null) {
                        m.sent();
                    }
                    long now = System.nanoTime();
                    chat.last = now;
                    chat.recent.addLast(now);
                    return result;
                } catch (TelegramApiException e) {
                    int wait = BotApi.retryAfter(e).orElse(-1);
                    if (wait < 0 || flood >= MAX_FLOOD_WAITS) {
                        throw e;
                    }
                    LOG.info("Telegram asks to wait {} s before sending to {} again", wait, chatId);
                    TelegramMetrics m = metrics;
                    if (m != null) {
                        m.floodWait();
                    }
                    sleep(Duration.ofSeconds(wait));
                }
            }
        } finally {
            chat.lock.unlock();
        }
    }

    private void pace(Chat chat, boolean group) {
        long now = System.nanoTime();
        if (chat.last != 0) {
            long due = chat.last + interval.toNanos();
            if (due > now) {
                sleep(Duration.ofNanos(due - now));
            }
        }
        if (group && groupPerMinute > 0) {
            long minute = Duration.ofMinutes(1).toNanos();
            while (!chat.recent.isEmpty() && System.nanoTime() - chat.recent.peekFirst() > minute) {
                chat.recent.removeFirst();
            }
            if (chat.recent.size() >= groupPerMinute) {
                sleep(Duration.ofNanos(chat.recent.peekFirst() + minute - System.nanoTime()));
            }
        }
        while (chat.recent.size() > Math.max(groupPerMinute, 1)) {
            chat.recent.removeFirst();
        }
    }

    private static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramException("interrupted while pacing sends to Telegram", e);
        }
    }
}
