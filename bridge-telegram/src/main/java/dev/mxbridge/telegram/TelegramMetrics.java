package dev.mxbridge.telegram;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Telegram side's meters: whether updates come in ({@code telegram_receiving}, by {@code mode}: polling or
 * webhook), updates received and receive errors, Bot API sends and the 429s ({@code retry_after}) Telegram answered.
 */
final class TelegramMetrics {
    private final AtomicInteger receiving = new AtomicInteger();
    private final Counter updates;
    private final Counter receiveErrors;
    private final Counter sends;
    private final Counter floodWaits;

    TelegramMetrics(MeterRegistry registry, String mode) {
        Gauge.builder("telegram_receiving", receiving, AtomicInteger::get).tag("mode", mode)
                .description("1 while updates come in: the last getUpdates answered (polling), or the webhook is set")
                .register(registry);
        updates = Counter.builder("telegram_updates_received").tag("mode", mode)
                .description("updates received from Telegram and stored").register(registry);
        receiveErrors = Counter.builder("telegram_receive_errors").tag("mode", mode)
                .description("getUpdates calls that failed, or webhook updates that could not be stored")
                .register(registry);
        sends = Counter.builder("telegram_sends")
                .description("Bot API calls sent to chats (messages, edits, deletions, reactions, media)").register(registry);
        floodWaits = Counter.builder("telegram_flood_waits")
                .description("sends Telegram answered with 429 (retry_after), waited out and sent again").register(registry);
    }

    void receiving(boolean ok) {
        receiving.set(ok ? 1 : 0);
    }

    void received(int count) {
        receiving.set(1);
        updates.increment(count);
    }

    void receiveFailed() {
        receiveErrors.increment();
    }

    void sent() {
        sends.increment();
    }

    void floodWait() {
        floodWaits.increment();
    }
}
