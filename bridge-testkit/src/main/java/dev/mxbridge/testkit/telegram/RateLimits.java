package dev.mxbridge.testkit.telegram;

/**
 * Telegram's flood limits on sending, answered with 429 and {@code retry_after}: per bot and chat in any one second,
 * per bot and group in any one minute, and per bot overall in any one second. Zero turns a limit off. They count
 * messages sent and edited ({@code send*}, {@code editMessage*}; an album counts once).
 */
public record RateLimits(int perChatPerSecond, int perGroupPerMinute, int overallPerSecond) {
    public RateLimits {
        if (perChatPerSecond < 0 || perGroupPerMinute < 0 || overallPerSecond < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
    }

    /** The limits Telegram documents: one message a second per chat, twenty a minute per group, thirty a second. */
    public static RateLimits telegram() {
        return new RateLimits(1, 20, 30);
    }

    /** No flood limits at all. */
    public static RateLimits none() {
        return new RateLimits(0, 0, 0);
    }
}
