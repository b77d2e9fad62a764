package dev.mxbridge.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's write-behind: one writer thread commits small writes in batches (group commit), each batch being
 * whatever was queued while the previous commit ran and during a short wait after the batch's first write. Writes
 * commit in the order they were submitted, a batch in one transaction, so <b>a write is never durable before one
 * submitted earlier</b>. The journal relies on that: a handler records its message-map row before the journal marks
 * the event done, so a crash cannot leave the event done without its row.
 *
 * <p>That wait is 3 ms, so that under load one commit carries many writes (at 1,000 messages/s, one commit every
 * 3 ms instead of one per message); it ends early once a write someone waits for has joined ({@link #submitTracked},
 * {@link #commit}, {@link #flush}), since that caller would otherwise wait it out. On PostgreSQL the commit is asynchronous ({@code synchronous_commit = off}):
 * nothing written here must be on disk before the caller goes on, and the server still makes commits durable in
 * order, so the ordering above survives a server crash too.
 *
 * <p>A failed commit is retried with back-off (50 ms doubling to 5 s), the batch kept whole and in order, and logged;
 * nothing is dropped while the bridge runs. {@link #close()} commits what is queued and gives up only on a database
 * that still refuses after a few attempts.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final int BATCH = 1_000;
    private static final int ATTEMPTS_AT_CLOSE = 3;
    private static final Duration LINGER = Duration.ofMillis(3);
    private static final Item STOP = new Item(null, null);

    /**
     * One statement and its parameters. Consecutive writes with the same SQL share one JDBC batch.
     *
     * @param sql  an insert, update or delete with positional parameters
     * @param args the parameters, in order
     */
    public record Write(String sql, Object... args) {
    }

    /** A write (null: a flush mark) and what runs once it is committed (null: nothing). */
    private record Item(Write write, CompletableFuture<Void> committed) {
    }

    private final Database db;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(Database db) {
        this.db = db;
        this.writer = Thread.ofVirtual().name("group-commit").start(this::run);
    }

    /** Queues a write; it is committed within a commit's time unless the database refuses. */
    public void submit(Write write) {
        enqueue(new Item(write, null));
    }

    /** Queues a write; {@code committed} completes once it is durable (exceptionally only if given up at close). */
    public CompletableFuture<Void> submitTracked(Write write) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        enqueue(new Item(write, committed));
        return committed;
    }

    /**
     * Queues a write and returns once it is committed.
     *
     * @throws StoreException if it was given up on (the database refused it at close)
     */
    public void commit(Write write) {
        await(submitTracked(write));
    }

    /** Returns once everything submitted before the call is committed. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Item(null, done));
        await(done);
    }

    private void enqueue(Item item) {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        queue.add(item);
    }

    private static void await(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreException(e.getMessage(), e.getCause());
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        long backoff = 50;
        int failures = 0;
        boolean stop = false;
        while (true) {
            if (batch.isEmpty()) {
                try {
                    batch.add(queue.take());
                    if (!stop && !closed) {
                        linger(batch);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            queue.drainTo(batch, BATCH - batch.size());
            stop |= batch.removeIf(i -> i == STOP);
            try {
                write(batch);
                batch.forEach(i -> {
                    if (i.committed() != null) {
                        i.committed().complete(null);
                    }
                });
                batch.clear();
                backoff = 50;
                failures = 0;
                if (stop && queue.isEmpty()) {
                    return;
                }
            } catch (StoreException e) {
                failures++;
                if (stop && failures >= ATTEMPTS_AT_CLOSE) {
                    LOG.error("closing: {} writes not stored, the database refused them {} times: {}", batch.size(),
                            failures, e.getMessage());
                    batch.forEach(i -> {
                        if (i.committed() != null) {
                            i.committed().completeExceptionally(e);
                        }
                    });
                    return;
                }
                LOG.warn("committing {} writes failed, retrying in {} ms: {}", batch.size(), backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Lets more writes join the batch for up to {@link #LINGER}, but not once someone waits for one of them (a
     * tracked write or a flush): a network that acknowledges upstream only once its event is stored, or a poller
     * that asks for more only then, would wait out the linger on every round.
     */
    private void linger(List<Item> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.getLast().committed() == null && batch.getLast() != STOP && batch.size() < BATCH) {
            long left = deadline - System.nanoTime();
            Item next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /** One transaction; runs of the same SQL go as one JDBC batch. */
    private void write(List<Item> batch) {
        if (batch.stream().allMatch(i -> i.write() == null)) {
            return;
        }
        db.inTransaction(c -> {
            if (db.dialect() == Database.Dialect.POSTGRES) {
                try (var s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO OFF");
                }
            }
            int from = 0;
            while (from < batch.size()) {
                from = writeRun(c, batch, from);
            }
            return null;
        });
    }

    /** Writes the run of same-SQL writes starting at {@code from}; returns where the next run starts. */
    private static int writeRun(Connection c, List<Item> batch, int from) throws SQLException {
        while (from < batch.size() && batch.get(from).write() == null) {
            from++;
        }
        if (from == batch.size()) {
            return from;
        }
        String sql = batch.get(from).write().sql();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = from;
            for (; i < batch.size(); i++) {
                Write w = batch.get(i).write();
                if (w != null && !w.sql().equals(sql)) {
                    break;
                }
                if (w != null) {
                    Sql.bind(ps, w.args());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
            return i;
        }
    }

    /** Commits what is queued (see the class description), then stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP); // not an interrupt: H2 closes its file when a thread is interrupted in file I/O
        try {
            writer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
