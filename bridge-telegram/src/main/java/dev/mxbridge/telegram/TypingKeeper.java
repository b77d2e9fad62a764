package dev.mxbridge.telegram;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a Telegram chat action alive while Matrix users type. Telegram shows {@code sendChatAction} for five seconds
 * (or until the next message) and has no way to end it; Matrix typing lasts until the user stops. So a chat's action
 * is sent when the first Matrix user starts typing there, again every {@code interval} while anyone still types, and
 * not again once the last one stopped (the core reports each user's start and stop once). A chat whose stop never
 * came (lost with a restart of the homeserver's typing state) is given up after {@link #GIVE_UP}.
 */
final class TypingKeeper implements AutoCloseable {
    /** Within Telegram's five seconds, with room for a slow call. */
    static final Duration INTERVAL = Duration.ofSeconds(4);
    static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("telegram-typing").factory());
    private final Map<String, Typing> chats = new HashMap<>();

    private static final class Typing {
        int typers;
        long lastStart;
        ScheduledFuture<?> repeat;
    }

    TypingKeeper(Duration interval) {
        this.interval = interval;
    }

    /**
     * A Matrix user started ({@code true}) or stopped typing in the chat {@code key}; {@code send} sends the chat's
     * action once (and logs its own failures). The first start sends at once, on the caller's thread.
     */
    void typing(String key, boolean typing, Runnable send) {
        synchronized (chats) {
            Typing t = chats.get(key);
            if (!typing) {
                if (t != null && --t.typers <= 0) {
                    t.repeat.cancel(false);
                    chats.remove(key);
                }
                return;
            }
            if (t != null) {
                t.typers++;
                t.lastStart = System.nanoTime();
                return;
            }
            Typing started = new Typing();
            started.typers = 1;
            started.lastStart = System.nanoTime();
            started.repeat = timer.scheduleWithFixedDelay(() -> repeat(key, started, send), interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
            chats.put(key, started);
        }
        send.run();
    }

    private void repeat(String key, Typing t, Runnable send) {
        synchronized (chats) {
            if (chats.get(key) != t) {
                return;
            }
            if (System.nanoTime() - t.lastStart > GIVE_UP.toNanos()) {
                t.repeat.cancel(false);
                chats.remove(key);
                return;
            }
        }
        send.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
