package dev.mxbridge.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something another process or thread brings about. */
public final class Await {
    private Await() {
    }

    /**
     * Polls the condition every 100 ms until it holds.
     *
     * @throws AssertionError naming what was awaited, on timeout or interrupt
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
