package dev.mxbridge.irc;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces out the connects to one server and bounds how many wait for the server's welcome at once: a server with a
 * small listen backlog (ngIRCd) resets connects that come all at once, and one that is busy (ngIRCd with 10,000
 * clients) accepts more slowly than any fixed pace, so connects beyond its queue are reset, retried and hold a
 * descriptor each meanwhile. Networks also limit connects per host. Callers block in {@link #await()} until their
 * turn and call {@link #done()} once the server has welcomed or refused them.
 */
final class Pacer {
    /** Connects waiting for a welcome at once: few enough for a small listen backlog, more than a network needs. */
    static final int IN_FLIGHT = 8;

    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Semaphore inFlight;
    private long next = System.nanoTime();

    Pacer(Duration interval) {
        this(interval, IN_FLIGHT);
    }

    Pacer(Duration interval, int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one connect must be allowed in flight: " + inFlight);
        }
        this.intervalNanos = interval.toNanos();
        this.inFlight = new Semaphore(inFlight, true);
    }

    /** Waits until a connect may start: the interval since the last one has passed and fewer are in flight. */
    void await() throws InterruptedException {
        inFlight.acquire();
        lock.lock();
        try {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            next = System.nanoTime() + intervalNanos;
        } catch (InterruptedException e) {
            inFlight.release();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** The connect that {@link #await()} let start has been welcomed or has failed. */
    void done() {
        inFlight.release();
    }
}
