package dev.mxbridge.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A commit being written, and the lanes that started on its entries meanwhile. */
class PendingCommitTest {
    private static final JournalEntry ENTRY = new JournalEntry(1, "t1", "!a:x", false, 0,
            JsonMapper.builder().build().createObjectNode().put("event_id", "$one"));

    @Test
    void aDroppedCommitReturnsOnlyOnceTheEntryHandledMeanwhileIsReported() throws Exception {
        List<JournalEntry> reported = new CopyOnWriteArrayList<>();
        PendingCommit commit = new PendingCommit(entry -> {
            try {
                Thread.sleep(100); // a slow report widens the window a drop could return in
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reported.add(entry);
        });
        assertThat(commit.begin()).isTrue();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean stored = new AtomicBoolean(true);
        Thread.ofVirtual().start(() -> {
            try {
                stored.set(commit.end(ENTRY));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        });

        commit.drop(Duration.ofSeconds(10));

        assertThat(reported).containsExactly(ENTRY); // the resent transaction will leave it out
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stored).isFalse();
        assertThat(commit.begin()).as("entries not begun are skipped").isFalse();
    }

    @Test
    void aStoredCommitLetsTheEntryCompleteWithoutReportingIt() throws Exception {
        List<JournalEntry> reported = new CopyOnWriteArrayList<>();
        PendingCommit commit = new PendingCommit(reported::add);
        assertThat(commit.begin()).isTrue();
        commit.stored();
        assertThat(commit.end(ENTRY)).isTrue();
        assertThat(reported).isEmpty();
    }
}
