package dev.mxbridge.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, appended from any thread; read once a run is over. */
final class Latencies {
    private long[] values = new long[1 << 14];
    private int size;
    private long lastArrival = Long.MIN_VALUE;

    /** Adds the latency of a message that arrived at {@code arrivalNanos}. */
    synchronized void add(long nanos, long arrivalNanos) {
        lastArrival = Math.max(lastArrival, arrivalNanos);
        add(nanos);
    }

    /** When the last message arrived ({@link System#nanoTime}). */
    synchronized long lastArrival() {
        return lastArrival;
    }

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** A sorted copy. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /** The {@code p}th percentile of sorted values (nearest rank); NaN if there are none. */
    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
