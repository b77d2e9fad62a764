package dev.mxbridge.irc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs expiry work when it falls due, on a virtual thread of its own: it sleeps until the next deadline its source
 * names, or for the idle interval when none is set, and is {@linkplain #wake woken} when a new deadline is set. An idle
 * bridge is thus not woken twice a second by a fixed tick for work that is due once in hours.
 *
 * <p>Threading: {@link #wake} and {@link #stop} from any thread; the work and the deadline source run on the
 * expiry's thread.
 */
final class Expiry {
    /** Never sooner after the last run, so that a deadline the work does not clear cannot spin the thread. */
    private static final long MIN_WAIT_NANOS = Duration.ofMillis(20).toNanos();

    private final Supplier<Optional<Instant>> nextDue;
    private final Runnable work;
    private final Duration idle;
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * @param nextDue the earliest deadline now set, if any
     * @param work    what to do (it removes what is due)
     * @param idle    the longest sleep: how late work without a deadline (idle timeouts) may run
     */
    Expiry(Supplier<Optional<Instant>> nextDue, Runnable work, Duration idle) {
        this.nextDue = nextDue;
        this.work = work;
        this.idle = idle;
    }

    void start(String name) {
        thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    /** A new deadline was set: look again now. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void stop() {
        running = false;
        wake();
    }

    private void loop() {
        while (running) {
            long wait = idle.toNanos();
            Optional<Instant> due = nextDue.get();
            if (due.isPresent()) {
                wait = Math.min(wait, Duration.between(Instant.now(), due.get()).toNanos());
            }
            LockSupport.parkNanos(Math.max(wait, MIN_WAIT_NANOS));
            if (Thread.currentThread().isInterrupted() || !running) {
                return;
            }
            work.run();
        }
    }
}
