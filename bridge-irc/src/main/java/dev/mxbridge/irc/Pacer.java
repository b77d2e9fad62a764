package dev.mxbridge.irc;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces out the connects to one server and bounds how many wait for the server's welcome at once: a server with a
 * small listen backlog (ngIRCd) resets connects that come all at once, and one that is busy (ngIRCd with 10,000
 * clients) accepts more slowly than any fixed pace, so connects beyond its queue are reset, retried and hold a
 * descriptor each meanwhile. Networks also limit connects per host. Callers block in {@link #await()} until their
 * turn and call {@link #done()} once the server has welcomed or refused them.
 *
 * <p>It also counts the server's welcomes: a connection that could not reach the server sleeps its back-off in
 * {@link #sleep} and wakes when another is {@link #welcomed}, since the server is reachable again. After an outage
 * the bridge bot, which alone reads the channels for Matrix, so tries again at once instead of sleeping on (up to
 * two minutes) while puppets are already back and IRC users talk to them. So that some connection is welcomed soon
 * after the server returns, the first connection to sleep after a failure {@linkplain #probing probes}: it tries
 * every {@link #PROBE_INTERVAL} until welcomed, while the others back off.
 */
final class Pacer {
    /** Connects waiting for a welcome at once: few enough for a small listen backlog, more than a network needs. */
    static final int IN_FLIGHT = 8;
    /** How often the {@linkplain #probing probing} connection tries the server while it is out of reach. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Semaphore inFlight;
    private final ReentrantLock welcomesLock = new ReentrantLock();
    private final Condition welcome = welcomesLock.newCondition();
    private final AtomicReference<Object> prober = new AtomicReference<>();
    private long next = System.nanoTime();
    private long welcomes;

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

    /**
     * Whether {@code connection} is the one that probes for the server's return: the first to ask holds the role
     * until it {@linkplain #notProbing gives it up} (welcomed, refused by the server, or stopped).
     */
    boolean probing(Object connection) {
        return prober.compareAndSet(null, connection) || prober.get() == connection;
    }

    /** {@code connection} no longer probes (if it did); the next to fail takes the role. */
    void notProbing(Object connection) {
        prober.compareAndSet(connection, null);
    }

    /** How many connections the server has welcomed so far, for {@link #sleep}. */
    long welcomes() {
        welcomesLock.lock();
        try {
            return welcomes;
        } finally {
            welcomesLock.unlock();
        }
    }

    /** The server welcomed a connection: wakes the sleepers; returns the count of welcomes with this one. */
    long welcomed() {
        welcomesLock.lock();
        try {
            welcome.signalAll();
            return ++welcomes;
        } finally {
            welcomesLock.unlock();
        }
    }

    /**
     * Sleeps for the duration, or until the server has welcomed more than {@code seen} connections (at once if it
     * already has); returns whether a welcome cut the sleep short.
     */
    boolean sleep(Duration duration, long seen) throws InterruptedException {
        long left = duration.toNanos();
        welcomesLock.lock();
        try {
            while (welcomes == seen && left > 0) {
                left = welcome.awaitNanos(left);
            }
            return welcomes != seen;
        } finally {
            welcomesLock.unlock();
        }
    }
}
