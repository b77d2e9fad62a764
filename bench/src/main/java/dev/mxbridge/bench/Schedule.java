package dev.mxbridge.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * When the messages of an open-loop run fall due: message n at {@code start + n / rate}, whether or not the bridge
 * has kept up, so latency counted from the due time includes any stall (no coordinated omission). A rate of 0 is
 * a burst: every message due at the start.
 */
record Schedule(long startNanos, double rate) {

    /** The due time of message {@code n}. */
    long due(int n) {
        return rate <= 0 ? startNanos : startNanos + (long) (n * 1e9 / rate);
    }

    /** How many of {@code count} messages are due by {@code nanos}. */
    int dueBy(long nanos, int count) {
        if (rate <= 0) {
            return count;
        }
        return nanos < startNanos ? 0 : (int) Math.min(count, (long) ((nanos - startNanos) * rate / 1e9) + 1);
    }

    /** Parks until {@code nanos}; returns at once if that has passed. */
    static void sleepUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
