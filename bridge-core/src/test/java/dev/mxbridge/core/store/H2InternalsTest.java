package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Deque;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's queue of dead chunks kept moving: a chunk H2 can never free (what its recovery leaves after an unclean stop) is
 * taken out, and chunks that may be freed are moved ahead of one that may not yet.
 */
class H2InternalsTest {
    @TempDir
    Path dir;
    private MVStore store;
    private MVMap<Integer, String> map;
    private Deque<Chunk<?>> queue;

    /** A store with 30 dead chunks queued that H2 may free once a commit lets it look (no reader holds them). */
    @BeforeEach
    void deadChunksQueued() {
        store = new MVStore.Builder().fileName(dir.resolve("s.mv.db").toString()).autoCommitDisabled().open();
        store.setVersionsToKeep(0); // as H2's database sets it
        map = store.openMap("m");
        MVStore.TxCounter reader = store.registerVersionUsage(); // nothing is freed while it reads
        commits(30);
        store.deregisterVersionUsage(reader);
        queue = H2Internals.deadChunks(store);
        assertThat(queue).hasSizeGreaterThanOrEqualTo(25);
        assertThat(H2Internals.oldestVersionToKeep(store)).isEqualTo(store.getCurrentVersion());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Commits {@code n} versions that each replace the one value, leaving the previous chunk dead. */
    private void commits(int n) {
        for (int i = 0; i < n; i++) {
            map.put(1, "value " + i + " " + System.nanoTime());
            store.commit();
        }
    }

    @Test
    void aChunkWithoutAPositionNoLongerHoldsBackTheQueue() {
        store.setRetentionTime(0);
        Chunk<?> marked = queue.peekFirst();
        marked.block = 0; // what H2's recovery makes of a dead chunk whose data was overwritten
        marked.len = 0;
        int before = queue.size();
        commits(1);
        assertThat(queue).as("H2 stops at it").hasSizeGreaterThanOrEqualTo(before).contains(marked);

        H2Internals.Unblocked unblocked = H2Internals.unblockDeadChunks(store);
        commits(1);

        assertThat(unblocked.neverFreeable()).isEqualTo(1);
        assertThat(unblocked.movedAhead()).isGreaterThanOrEqualTo(before - 1);
        assertThat(queue).as("the others freed").hasSizeLessThanOrEqualTo(2).doesNotContain(marked);
    }

    @Test
    void chunksThatMayBeFreedAreMovedAheadOfAYoungOne() {
        store.setRetentionTime(60_000);
        queue.forEach(c -> c.time = -60_000); // written a retention time before the store was created
        Chunk<?> young = queue.pollLast();
        young.time = store.getTimeAbsolute() - store.getFileStore().getCreationTime(); // written now
        queue.offerFirst(young); // in front, as after a restart
        int before = queue.size();
        commits(1);
        assertThat(queue).as("H2 stops at the young chunk").hasSizeGreaterThanOrEqualTo(before);

        H2Internals.Unblocked unblocked = H2Internals.unblockDeadChunks(store);
        commits(1);

        assertThat(unblocked.neverFreeable()).isZero();
        assertThat(unblocked.movedAhead()).isGreaterThanOrEqualTo(before - 1);
        assertThat(queue).as("all but the young chunk and the newest freed").contains(young).hasSizeLessThanOrEqualTo(3);
        assertThat(H2Internals.unblockDeadChunks(store)).isEqualTo(H2Internals.Unblocked.NOTHING);
    }
}
