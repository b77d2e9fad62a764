package dev.mxbridge.core.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How one call is retried. A call stops after {@code maxAttempts} sends or once {@code maxElapsed} has passed since
 * its first send, whichever comes first; an attempt's timeout is cut short so the call never outlives
 * {@code maxElapsed}. Between attempts it waits {@code min(maxDelay, baseDelay * 2^(n-1))}, half of it fixed and
 * half random (jitter), or exactly what a 429 answer asked for. What is retried at all is described in
 * {@link MatrixClient}.
 *
 * @param maxAttempts most sends of one call, at least 1 (1 disables retries)
 * @param maxElapsed  longest time one call may take, retries and waits included
 * @param baseDelay   wait before the second attempt
 * @param maxDelay    longest wait between two attempts, apart from a homeserver's 429 instruction
 */
public record RetryPolicy(int maxAttempts, Duration maxElapsed, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
        if (!maxElapsed.isPositive()) {
            throw new IllegalArgumentException("max elapsed time must be positive");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= base delay <= max delay");
        }
    }

    /** Eight attempts within two minutes, waits from 250 ms up to 20 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMinutes(2), Duration.ofMillis(250), Duration.ofSeconds(20));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ofDays(1), Duration.ZERO, Duration.ZERO);
    }

    /** The jittered wait after failed attempt number {@code attempt} (1-based). */
    Duration backoff(int attempt) {
        long cap = maxDelay.toMillis();
        long exp = baseDelay.toMillis() << Math.min(attempt - 1, 30);
        long delay = exp < 0 ? cap : Math.min(cap, exp);
        long half = delay / 2;
        return Duration.ofMillis(delay - half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
