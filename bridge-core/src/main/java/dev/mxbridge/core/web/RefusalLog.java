package dev.mxbridge.core.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs an endpoint's refused requests (a bad signature, a wrong secret) without letting a flood of them flood the
 * log: the first refusal is a warning with its address and reason, then at most one line a minute with how many more
 * were refused and the last one's address and reason; nothing while nothing is refused. The reason is the caller's
 * own short text: never put a body, a signature or a secret in it.
 */
public final class RefusalLog {
    private final Logger log;
    private final String endpoint;
    private final long everyNanos;
    private long lastLogged;
    private boolean logged;
    private long suppressed;
    private String lastAddress = "";
    private String lastReason = "";

    /** Refusals of {@code endpoint} (e.g. "Events API request"), logged to {@code log} at most once a minute. */
    public RefusalLog(Logger log, String endpoint) {
        this(log, endpoint, Duration.ofMinutes(1));
    }

    RefusalLog(Logger log, String endpoint, Duration every) {
        this.log = log;
        this.endpoint = endpoint;
        this.everyNanos = every.toNanos();
    }

    /** A request from {@code address} was refused, for {@code reason}. */
    public void refused(String address, String reason) {
        boolean schedule;
        synchronized (this) {
            long now = System.nanoTime();
            if (!logged || now - lastLogged >= everyNanos && suppressed == 0) {
                logged = true;
                lastLogged = now;
                log.warn("{} from {} refused: {} (more refusals are counted, once a minute at most)", endpoint, address, reason);
                return;
            }
            lastAddress = address;
            lastReason = reason;
            schedule = suppressed++ == 0;
        }
        if (schedule) {
            long wait = Math.max(0, lastLogged + everyNanos - System.nanoTime());
            CompletableFuture.runAsync(this::flush, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS));
        }
    }

    private synchronized void flush() {
        if (suppressed > 0) {
            log.warn("{}: {} more refused since the last report (the last from {}: {})", endpoint, suppressed, lastAddress,
                    lastReason);
            suppressed = 0;
            lastLogged = System.nanoTime();
        }
    }
}
