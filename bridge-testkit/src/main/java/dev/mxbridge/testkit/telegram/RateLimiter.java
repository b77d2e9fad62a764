package dev.mxbridge.testkit.telegram;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** Sliding-window flood limits per bot and chat, per bot and group, and per bot. Guarded by the World lock. */
final class RateLimiter {
    private RateLimits limits;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

    RateLimiter(RateLimits limits) {
        this.limits = limits;
    }

    void limits(RateLimits newLimits) {
        limits = newLimits;
        windows.clear();
    }

    /**
     * Counts one message sent or edited by the bot in the chat.
     *
     * @throws ApiError 429 with the seconds until the fullest window has room, counting nothing
     */
    void acquire(long botId, ChatState chat, long nowMillis) {
        long wait = 0;
        wait = Math.max(wait, waitMillis("chat:" + botId + ":" + chat.id, limits.perChatPerSecond(), 1_000, nowMillis));
        if (chat.type.isGroup()) {
            wait = Math.max(wait, waitMillis("group:" + botId + ":" + chat.id, limits.perGroupPerMinute(), 60_000,
                    nowMillis));
        }
        wait = Math.max(wait, waitMillis("bot:" + botId, limits.overallPerSecond(), 1_000, nowMillis));
        if (wait > 0) {
            throw ApiError.tooManyRequests(Math.max(1, (wait + 999) / 1000));
        }
        record("chat:" + botId + ":" + chat.id, limits.perChatPerSecond(), nowMillis);
        if (chat.type.isGroup()) {
            record("group:" + botId + ":" + chat.id, limits.perGroupPerMinute(), nowMillis);
        }
        record("bot:" + botId, limits.overallPerSecond(), nowMillis);
    }

    private long waitMillis(String key, int capacity, long windowMillis, long now) {
        if (capacity == 0) {
            return 0;
        }
        ArrayDeque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && window.peekFirst() <= now - windowMillis) {
            window.removeFirst();
        }
        return window.size() < capacity ? 0 : window.peekFirst() + windowMillis - now;
    }

    private void record(String key, int capacity, long now) {
        if (capacity > 0) {
            windows.get(key).addLast(now);
        }
    }
}
