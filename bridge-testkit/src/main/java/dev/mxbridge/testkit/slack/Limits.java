package dev.mxbridge.testkit.slack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The fake's limits: {@code chat.postMessage} paced per channel (one a second by default, as Slack allows), failures
 * a test asks for ({@link #failNext}) - both answered HTTP 429 {@code ratelimited} with {@code Retry-After} - and the
 * largest page {@code conversations.history} returns. Thread-safe.
 */
final class Limits {
    private final Map<String, Deque<Integer>> forced = new HashMap<>();
    private final Map<String, Long> lastPost = new HashMap<>();
    private Duration postInterval = Duration.ofSeconds(1);
    private int historyPageCap = 999;

    /** Caps {@code conversations.history} pages, e.g. at 15 as Slack now does for apps outside the Marketplace. */
    synchronized void historyPageCap(int cap) {
        this.historyPageCap = cap;
    }

    synchronized int historyPageCap() {
        return historyPageCap;
    }

    synchronized void postMessageInterval(Duration interval) {
        this.postInterval = interval;
    }

    /** The next {@code times} calls of {@code method} fail with 429 and {@code Retry-After: retryAfterSeconds}. */
    synchronized void failNext(String method, int times, int retryAfterSeconds) {
        Deque<Integer> queue = forced.computeIfAbsent(method, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(retryAfterSeconds);
        }
    }

    synchronized void checkForced(String method) {
        Deque<Integer> queue = forced.get(method);
        if (queue != null && !queue.isEmpty()) {
            throw SlackError.rateLimited(queue.pollFirst());
        }
    }

    /** Admits one post to the channel, or answers 429 if the previous one was less than the interval ago. */
    synchronized void pacePost(String channel) {
        long now = System.nanoTime();
        Long last = lastPost.get(channel);
        long interval = postInterval.toNanos();
        if (last != null && now - last < interval) {
            long remaining = interval - (now - last);
            throw SlackError.rateLimited((int) Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L));
        }
        lastPost.put(channel, now);
    }
}
