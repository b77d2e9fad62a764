package dev.mxbridge.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * When the messages of a run go out. Paced: an open-loop schedule at a fixed rate that does not wait for the
 * bridge, and latency counts from each message's due time, so a stall shows as latency of every message due during
 * it. Unpaced: as fast as the bridge takes them, with at most {@code window} messages under way.
 */
record Schedule(double rate, int window, long startNanos, long endNanos) {

    static Schedule paced(double rate, double seconds) {
        long start = System.nanoTime() + 5_000_000;
        return new Schedule(rate, 0, start, start + (long) (seconds * 1e9));
    }

    static Schedule unpaced(int window, double seconds) {
        long start = System.nanoTime();
        return new Schedule(0, window, start, start + (long) (seconds * 1e9));
    }

    boolean paced() {
        return rate > 0;
    }

    /** How many messages a paced run sends. */
    int total() {
        return (int) Math.ceil((endNanos - startNanos) * rate / 1e9);
    }

    /** The due time of message {@code n} of a paced run. */
    long due(int n) {
        return startNanos + (long) (n * 1e9 / rate);
    }

    /** How many messages of a paced run are due by {@code nanos}. */
    int dueBy(long nanos) {
        return nanos < startNanos ? 0 : Math.min(total(), (int) ((nanos - startNanos) * rate / 1e9) + 1);
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Parks until {@code nanos}; returns at once if that has passed. */
    static void sleepUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
