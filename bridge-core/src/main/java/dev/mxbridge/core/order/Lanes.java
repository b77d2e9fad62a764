package dev.mxbridge.core.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Runs tasks one at a time per lane, in the order they were submitted, and lanes concurrently. A lane is a queue
 * drained by one virtual thread that exists only while the queue has work, so idle lanes cost nothing.
 *
 * <p>Lane keys: a Matrix room's id for everything about that room, in both directions (the journal's events and the
 * remote events bridged into it); any other string for work that has no room yet (a remote room whose portal is
 * being created).
 *
 * <p>Threading: every method may be called from any thread. A task runs on its lane's thread and may submit to any
 * lane, its own included (the new task runs after it). While {@link #hold held}, lanes finish the task in hand and
 * wait; submitting still queues. {@link #stop} lets each lane finish its task in hand, then interrupts what is still
 * running; queued tasks never run.
 */
public final class Lanes {

    /** Work for a lane. */
    public interface Task {
        /**
         * Does the work; retries, if any, are the task's own.
         *
         * @throws InterruptedException when the lanes are stopping: the lane stops, the task counts as not done
         */
        void run() throws InterruptedException;

        /** When the work was queued (epoch ms), for the age of the oldest queued task. */
        long queuedAt();
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final String name;
    private volatile boolean stopping;
    private volatile boolean held;
    private int holds; // guarded by lock: held while above zero

    /** @param name the prefix of lane threads' names */
    public Lanes(String name) {
        this.name = name;
    }

    /** Queues a task at the end of its lane, starting the lane if it is idle. */
    public void submit(String key, Task task) {
        Lane[] start = new Lane[1];
        lanes.compute(key, (k, lane) -> {
            Lane l = lane == null ? new Lane(k) : lane;
            l.queue.add(task);
            if (!l.running) {
                l.running = true;
                start[0] = l;
            }
            return l;
        });
        startIfIdle(start[0]);
    }

    /**
     * Queues a task at the end of a lane only if the lane has work queued or running; false (nothing queued) if it is
     * idle. Lets a caller keep work in a lane until what was queued there before has run.
     */
    public boolean submitIfBusy(String key, Task task) {
        boolean[] queued = new boolean[1];
        lanes.computeIfPresent(key, (k, lane) -> {
            lane.queue.add(task);
            queued[0] = true;
            return lane;
        });
        return queued[0];
    }

    /**
     * Replaces a lane's queued tasks (not the one running) with {@code reorder} of them, atomically against submits.
     * Call while {@link #hold held} so no lane takes a task meanwhile.
     */
    public void reorder(String key, UnaryOperator<List<Task>> reorder) {
        Lane[] start = new Lane[1];
        lanes.compute(key, (k, lane) -> {
            Lane l = lane == null ? new Lane(k) : lane;
            List<Task> tasks = reorder.apply(new ArrayList<>(l.queue));
            l.queue.clear();
            l.queue.addAll(tasks);
            if (!l.running && !l.queue.isEmpty()) {
                l.running = true;
                start[0] = l;
            }
            return l.queue.isEmpty() && !l.running ? null : l;
        });
        startIfIdle(start[0]);
    }

    private void startIfIdle(Lane lane) {
        if (lane != null) {
            threads.incrementAndGet();
            Thread.ofVirtual().name(name + "-" + lane.key).start(lane);
        }
    }

    /**
     * Lets lanes finish the task in hand, then wait until {@link #release}; submitting still queues. Holds nest: the
     * lanes go on once each hold has been released.
     */
    public void hold() {
        lock.lock();
        try {
            holds++;
            held = true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets held lanes go on once every {@link #hold} has been released. */
    public void release() {
        lock.lock();
        try {
            holds = Math.max(0, holds - 1);
            if (holds == 0) {
                held = false;
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lanes with work queued or running. */
    public int active() {
        return lanes.size();
    }

    /** When the oldest task at the head of a lane was queued (epoch ms), or empty if none is queued. */
    public java.util.OptionalLong oldestQueuedAt() {
        long oldest = Long.MAX_VALUE;
        for (Lane lane : lanes.values()) {
            Task head = lane.queue.peek();
            if (head != null) {
                oldest = Math.min(oldest, head.queuedAt());
            }
        }
        return oldest == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(oldest);
    }

    /** Lets every lane finish the task in hand for up to {@code grace}, then interrupts the rest; idempotent. */
    public void stop(Duration grace) throws InterruptedException {
        stopping = true;
        release();
        long deadline = System.nanoTime() + grace.toNanos();
        while (threads.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        lanes.values().forEach(l -> {
            Thread t = l.thread;
            if (t != null) {
                t.interrupt();
            }
        });
    }

    /** Whether {@link #stop} was called. */
    public boolean stopping() {
        return stopping;
    }

    private final class Lane implements Runnable {
        final String key;
        final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>(); // changed inside lanes.compute* only
        boolean running; // guarded by lanes.compute* on this key
        volatile Thread thread;

        Lane(String key) {
            this.key = key;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                while (true) {
                    if (held && !awaitRelease()) {
                        return;
                    }
                    Task[] next = new Task[1];
                    lanes.compute(key, (k, l) -> {
                        next[0] = stopping ? null : queue.poll();
                        if (next[0] == null) {
                            running = false;
                            return queue.isEmpty() ? null : l;
                        }
                        return l;
                    });
                    if (next[0] == null) {
                        return;
                    }
                    try {
                        next[0].run();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                thread = null;
                threads.decrementAndGet();
            }
        }

        private boolean awaitRelease() {
            lock.lock();
            try {
                while (held && !stopping) {
                    released.await();
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            } finally {
                lock.unlock();
            }
        }
    }
}
