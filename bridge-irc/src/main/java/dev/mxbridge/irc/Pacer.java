package dev.mxbridge.irc;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces out the connects to one server: a server with a small listen backlog (ngIRCd) resets connects that come all
 * at once, and networks limit connects per host. Callers block in {@link #await()} until their turn.
 */
final class Pacer {
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private long next = System.nanoTime();

    Pacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void await() throws InterruptedException {
        lock.lock();
        try {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            next = System.nanoTime() + intervalNanos;
        } finally {
            lock.unlock();
        }
    }
}
