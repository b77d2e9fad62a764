package dev.mxbridge.core.store;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of H2's MVStore that {@link H2Housekeeping} and {@link H2StoreWatch} need and H2 does not make public:
 * its housekeeping round, the oldest version a reader still uses, and the queue of dead chunks waiting to be freed.
 * Reached by reflection (H2 is an automatic module, so its packages are open); each handle is null if a later H2
 * renamed the member, and the callers then do without it.
 *
 * <p>Threading: stateless; safe from any thread (the dead-chunk queue is a {@code ConcurrentLinkedDeque}).
 */
final class H2Internals {
    private static final Logger LOG = LoggerFactory.getLogger(H2Internals.class);

    static final Method HOUSEKEEPING = find("FileStore.doHousekeeping",
            () -> FileStore.class.getDeclaredMethod("doHousekeeping", MVStore.class));
    private static final Method OLDEST_VERSION_TO_KEEP = find("MVStore.getOldestVersionToKeep",
            () -> MVStore.class.getDeclaredMethod("getOldestVersionToKeep"));
    private static final Field DEAD_CHUNKS = find("FileStore.deadChunks",
            () -> FileStore.class.getDeclaredField("deadChunks"));
    private static final Field UNUSED_AT_VERSION = find("Chunk.unusedAtVersion",
            () -> Chunk.class.getDeclaredField("unusedAtVersion"));

    private H2Internals() {
    }

    /** The oldest store version a reader may still use; -1 if unknown. */
    static long oldestVersionToKeep(MVStore store) {
        try {
            return OLDEST_VERSION_TO_KEEP == null ? -1 : (long) OLDEST_VERSION_TO_KEEP.invoke(store);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** The chunks with no live page left whose space is not free yet, in the order H2 looks at them; null if unknown. */
    @SuppressWarnings("unchecked")
    static Deque<Chunk<?>> deadChunks(MVStore store) {
        try {
            return DEAD_CHUNKS == null ? null : (Deque<Chunk<?>>) DEAD_CHUNKS.get(store.getFileStore());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Milliseconds since {@code chunk} was written, on the store's clock. */
    static long age(MVStore store, Chunk<?> chunk) {
        return store.getTimeAbsolute() - store.getFileStore().getCreationTime() - chunk.time;
    }

    /** What {@link #unblockDeadChunks} did: chunks moved ahead, and chunks H2 could never free taken out. */
    record Unblocked(int movedAhead, int neverFreeable) {
        static final Unblocked NOTHING = new Unblocked(0, 0);
    }

    /**
     * Keeps H2's queue of dead chunks moving. H2 frees dead chunks from the head of the queue and stops at the first it
     * may not free yet, so the queue must be in the order chunks died. Two things break that (H2 2.4.240 and 2.5.252):
     * <ul>
     *   <li><b>A chunk H2 can never free.</b> Opening a file after an unclean stop, H2 gives a dead chunk whose data was
     *       already overwritten a position of 0 ("it will be automatically removed later"), but it frees only dead
     *       chunks that have a position. That chunk stays in the queue for the life of the process, and on every
     *       restart after it, so no chunk behind it is ever freed: the file grows without bound (3.7 GB in a 30-minute
     *       soak, docs/reliability.md). Such a chunk takes no space; it is taken out of the queue.</li>
     *   <li><b>A young chunk in front.</b> After a restart the store fills the queue from a hash map, so a chunk
     *       written just before the stop can hold back every chunk behind it for up to the retention time (45 s).
     *       The chunks that may be freed are moved in front of it.</li>
     * </ul>
     * Each chunk is still freed only on H2's own conditions; only which chunks H2 looks at first changes.
     */
    static Unblocked unblockDeadChunks(MVStore store) {
        Deque<Chunk<?>> queue = deadChunks(store);
        if (queue == null || UNUSED_AT_VERSION == null) {
            return Unblocked.NOTHING;
        }
        Chunk<?> head = queue.peekFirst();
        long oldest = oldestVersionToKeep(store);
        int retention = store.getFileStore().getRetentionTime();
        if (head == null || oldest < 0 || head.block != 0 && freeable(store, head, oldest, retention)) {
            return Unblocked.NOTHING;
        }
        List<Chunk<?>> all = new ArrayList<>(queue.size());
        Chunk<?> c;
        while ((c = queue.pollFirst()) != null) {
            all.add(c);
        }
        List<Chunk<?>> ready = new ArrayList<>();
        List<Chunk<?>> waiting = new ArrayList<>();
        int dropped = 0;
        for (Chunk<?> chunk : all) {
            if (chunk.block == 0) {
                dropped++;
            } else {
                (freeable(store, chunk, oldest, retention) ? ready : waiting).add(chunk);
            }
        }
        waiting.sort(Comparator.comparingLong(chunk -> chunk.time));
        // chunks H2 queued meanwhile went to the tail; ours go in front of them, the freeable ones first
        for (int i = waiting.size() - 1; i >= 0; i--) {
            queue.offerFirst(waiting.get(i));
        }
        for (int i = ready.size() - 1; i >= 0; i--) {
            queue.offerFirst(ready.get(i));
        }
        return new Unblocked(ready.size(), dropped);
    }

    /** H2's own test in {@code FileStore.dropUnusedChunks}: older than the retention time and needed by no reader. */
    private static boolean freeable(MVStore store, Chunk<?> chunk, long oldestVersionToKeep, int retention) {
        try {
            return (retention < 0 || age(store, chunk) >= retention)
                    && UNUSED_AT_VERSION.getLong(chunk) < oldestVersionToKeep;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private interface Lookup<T> {
        T find() throws ReflectiveOperationException;
    }

    private static <T extends AccessibleObject> T find(String name, Lookup<T> lookup) {
        try {
            T member = lookup.find();
            member.setAccessible(true);
            return member;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("H2's {} is not reachable, the embedded store goes without it: {}", name, e.toString());
            return null;
        }
    }
}
