package dev.mxbridge.slack;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One ordered queue per Slack channel for what the bridge posts there. Callers wait their turn in arrival order (a
 * fair lock); a call Slack answers with 429 is repeated after {@code Retry-After} while the queue waits behind it, so
 * order is kept. A queue holding {@code limit} waiting calls refuses more, and a {@code Retry-After} longer than
 * {@code maxRetryAfter} fails the call: both are {@link Undeliverable}, so the core tells the Matrix sender "Not
 * delivered" with the reason at once.
 */
final class SendQueues {
    private final Map<String, ReentrantLock> queues = new ConcurrentHashMap<>();
    private final int limit;
    private final Duration maxRetryAfter;

    SendQueues(int limit, Duration maxRetryAfter) {
        this.limit = limit;
        this.maxRetryAfter = maxRetryAfter;
    }

    <T> T send(String channel, Supplier<T> call) {
        ReentrantLock queue = queues.computeIfAbsent(channel, c -> new ReentrantLock(true));
        if (queue.getQueueLength() >= limit) {
            throw new Undeliverable("too many messages are waiting for this Slack channel (" + limit
                    + "); this one was not sent, try again in a moment");
        }
        queue.lock();
        try {
            while (true) {
                try {
                    return call.get();
                } catch (SlackWeb.RateLimited e) {
                    if (e.retryAfter().compareTo(maxRetryAfter) > 0) {
                        throw new Undeliverable("Slack asks the bridge to wait " + e.retryAfter().toSeconds()
                                + " s before posting here again; this message was not sent", e);
                    }
                    sleep(e.retryAfter().isZero() ? Duration.ofSeconds(1) : e.retryAfter());
                }
            }
        } finally {
            queue.unlock();
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackBridgeException("interrupted while waiting out Slack's rate limit", e);
        }
    }
}
