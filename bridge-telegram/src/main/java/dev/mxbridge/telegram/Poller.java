package dev.mxbridge.telegram;

import dev.mxbridge.core.network.KeyValueStore;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Long polling with an offset that moves only after the updates are stored. Each {@code getUpdates} names the update
 * types we want (the library sends {@code allowed_updates: []}, "the default types", whenever none are given). The
 * offset confirms the updates to Telegram, which sends again after a crash what was not confirmed; the confirmed offset
 * is also kept in the store (at most once a second under load, and whenever a poll comes back empty; written beside the
 * loop, not in it, so no poll waits for it), and the delivery keys drop what a restart receives again. Errors back off from one second to a minute; a 429 waits its {@code retry_after}; a 409
 * (another poller, or a webhook still set) is logged, and a webhook deleted.
 */
final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "channel_post",
            "edited_channel_post", "message_reaction", "chat_member", "my_chat_member", "business_connection",
            "business_message", "edited_business_message", "deleted_business_messages");
    private static final String NAMESPACE = "telegram";
    private static final String OFFSET = "offset";
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

    private final BotApi api;
    private final Inbound inbound;
    private final KeyValueStore store;
    private final Duration timeout;
    private final TelegramMetrics metrics;
    private volatile boolean running = true;
    private volatile Thread thread;
    /** Whether an offset is being written (at most one write at a time, so they land in order). */
    private final java.util.concurrent.atomic.AtomicBoolean saving = new java.util.concurrent.atomic.AtomicBoolean();

    Poller(BotApi api, Inbound inbound, KeyValueStore store, Duration timeout, TelegramMetrics metrics) {
        this.metrics = metrics;
        this.api = api;
        this.inbound = inbound;
        this.store = store;
        this.timeout = timeout;
    }

    void start() {
        thread = Thread.ofVirtual().name("telegram-poller").start(this::run);
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        int saved = store.get(NAMESPACE, OFFSET).map(Integer::parseInt).orElse(0);
        int offset = saved;
        long savedAt = System.nanoTime();
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                List<Update> updates = api.client().execute(GetUpdates.builder().offset(offset).limit(100)
                        .timeout((int) timeout.toSeconds()).allowedUpdates(ALLOWED_UPDATES).build());
                if (!updates.isEmpty()) {
                    inbound.handle(updates).join(); // stored: now Telegram may forget them
                    offset = updates.getLast().getUpdateId() + 1;
                }
                if (offset != saved && (updates.isEmpty() || System.nanoTime() - savedAt >= SAVE_EVERY.toNanos())) {
                    // Telegram keeps the confirmed offset itself; ours only spares a redelivery after a restart, which
                    // the delivery keys drop. So not a commit between two polls, but once a second or when idle, and
                    // beside the loop: a poll never waits for it. One still being written defers the next.
                    if (save(offset)) {
                        saved = offset;
                        savedAt = System.nanoTime();
                    }
                }
                metrics.received(updates.size());
                backoff = Duration.ofSeconds(1);
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                metrics.receiving(false);
                metrics.receiveFailed();
                Duration wait = BotApi.retryAfter(e).map(s -> Duration.ofSeconds(s)).orElse(backoff);
                if (BotApi.errorCode(e) == 409) {
                    LOG.warn("Telegram refuses getUpdates ({}): another bridge polls with this token, or a webhook is "
                            + "set", BotApi.describe(e));
                    if (BotApi.describe(e).contains("webhook")) {
                        deleteWebhook();
                    }
                } else {
                    LOG.warn("getUpdates failed, again in {} s: {}", wait.toSeconds(), BotApi.describe(e));
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                        : backoff.multipliedBy(2);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Writes the offset on a thread of its own unless a write is still under way; returns whether it started one. */
    private boolean save(int offset) {
        if (!saving.compareAndSet(false, true)) {
            return false;
        }
        Thread.ofVirtual().name("telegram-offset").start(() -> {
            try {
                store.put(NAMESPACE, OFFSET, Integer.toString(offset));
            } catch (RuntimeException e) {
                LOG.warn("could not store the update offset {} (a restart receives again what the delivery keys "
                        + "then drop): {}", offset, e.toString());
            } finally {
                saving.set(false);
            }
        });
        return true;
    }

    private void deleteWebhook() {
        try {
            api.client().execute(DeleteWebhook.builder().dropPendingUpdates(false).build());
        } catch (Exception e) {
            LOG.warn("could not delete the webhook: {}", BotApi.describe(e));
        }
    }
}
