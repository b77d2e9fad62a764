package dev.mxbridge.testkit.slack;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack-shaped identifiers: a type letter and ten upper-case base-36 digits ({@code C000000000A}), unique within one
 * fake, and message timestamps ({@code "1700000000.000100"}): the wall clock in microseconds, strictly increasing, so
 * that they order messages and can be compared with {@code oldest}/{@code latest} like Slack's.
 */
final class Ids {
    private final AtomicLong counter = new AtomicLong();
    private long lastMicros;

    /** A new id with the given type prefix: C channel, D DM, G group DM, U user, B bot, F file, Ev event. */
    String next(String prefix) {
        String digits = Long.toString(counter.incrementAndGet(), 36).toUpperCase(Locale.ROOT);
        return prefix + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    /** The next message timestamp, later than every one before. */
    synchronized String ts() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        lastMicros = Math.max(micros, lastMicros + 1);
        return format(lastMicros);
    }

    static String format(long micros) {
        return micros / 1_000_000L + "." + String.format(Locale.ROOT, "%06d", micros % 1_000_000L);
    }

    /** Microseconds of a timestamp such as {@code "1700000000.000100"} or {@code "1700000000"}. */
    static long micros(String ts) {
        int dot = ts.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(ts) * 1_000_000L;
        }
        String fraction = (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(ts.substring(0, dot)) * 1_000_000L + Long.parseLong(fraction);
    }

    /** Whether {@code ts} looks like a Slack timestamp (digits, optionally a dot and digits). */
    static boolean isTs(String ts) {
        return ts.matches("\\d{1,12}(\\.\\d{1,6})?");
    }
}
