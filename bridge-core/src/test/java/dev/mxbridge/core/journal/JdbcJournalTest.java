package dev.mxbridge.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Completions are written by the group commit whether transactions keep coming or not; none is lost. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost completion makes close() wait forever
class JdbcJournalTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static List<Journal.NewEntry> events(String prefix, int count) {
        List<Journal.NewEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode event = JSON.createObjectNode().put("type", "m.room.message").put("room_id", "!r" + i % 3 + ":x")
                    .put("event_id", "$" + prefix + i);
            out.add(new Journal.NewEntry(event.get("room_id").asString(), false, event, JSON.writeValueAsString(event)));
        }
        return out;
    }

    private static List<String> unfinishedIds(Journal journal) {
        return journal.unfinished().stream().map(e -> e.event().path("event_id").asString()).toList();
    }

    private static void awaitUnfinished(Journal journal, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!unfinishedIds(journal).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(unfinishedIds(journal)).isEqualTo(expected);
    }

    @Test
    void handledEventsLeaveTheJournalWhileTransactionsKeepComingAndWhenTheyStop() throws Exception {
        try (Database db = JournalFixture.h2(dir); Journal journal = Journal.jdbc(db, Duration.ofDays(1))) {
            journal.append("t1", events("a", 2_500)).entries().forEach(e -> journal.complete(e.seq()));
            List<JournalEntry> second = journal.append("t2", events("b", 2)).entries();
            awaitUnfinished(journal, List.of("$b0", "$b1"));

            journal.complete(second.getFirst().seq()); // no append follows
            awaitUnfinished(journal, List.of("$b1"));
        }
    }

    @Test
    void aRetriedTransactionStoresNothingAndLosesNoCompletion() throws Exception {
        try (Database db = JournalFixture.h2(dir); Journal journal = Journal.jdbc(db, Duration.ofDays(1))) {
            journal.append("t1", events("a", 3)).entries().forEach(e -> journal.complete(e.seq()));
            assertThat(journal.append("t1", events("a", 3)).duplicate()).isTrue();
            awaitUnfinished(journal, List.of());
        }
    }

    @Test
    void transactionIdsOlderThanTheRetentionAreForgottenWhenTheJournalOpens() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            try (Journal journal = Journal.jdbc(db, Duration.ofDays(1))) {
                journal.append("old", events("a", 1)).entries().forEach(e -> journal.complete(e.seq()));
            }
            Thread.sleep(20);
            try (Journal journal = Journal.jdbc(db, Duration.ofDays(1))) {
                assertThat(journal.append("old", events("a", 1)).duplicate()).as("within the retention").isTrue();
            }
            try (Journal journal = Journal.jdbc(db, Duration.ofMillis(10))) {
                assertThat(journal.append("old", events("b", 1)).duplicate()).as("past the retention").isFalse();
            }
        }
    }

    @Test
    void eventIdsOlderThanTheirRetentionArePrunedWhenTheJournalOpensAndNewerOnesStayKnown() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            try (Journal journal = Journal.jdbc(db, Duration.ofDays(1), Duration.ofDays(1))) {
                journal.append("t1", events("old", 2)).entries().forEach(e -> journal.complete(e.seq()));
            }
            Thread.sleep(1_500); // ages the first rows past the retention below
            try (Journal journal = Journal.jdbc(db, Duration.ofDays(1), Duration.ofDays(1))) {
                journal.append("t2", events("new", 2)).entries().forEach(e -> journal.complete(e.seq()));
            }
            try (Journal journal = Journal.jdbc(db, Duration.ofDays(1), Duration.ofSeconds(1))) {
                List<String> rows = db.withConnection(c -> {
                    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT event_ids FROM as_event_ids")) {
                        List<String> ids = new ArrayList<>();
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                        return ids;
                    }
                });
                assertThat(rows).as("only the newer transaction's row is left").containsExactly("$new0\n$new1");
                List<Journal.NewEntry> both = new ArrayList<>(events("old", 1));
                both.addAll(events("new", 1));
                Journal.Appended again = journal.append("t3", both);
                assertThat(again.entries()).extracting(e -> e.event().path("event_id").asString()).containsExactly("$old0");
                assertThat(again.known()).isEqualTo(1);
            }
        }
    }

    @Test
    void closeWritesEveryCompletionFirst() {
        try (Database db = JournalFixture.h2(dir)) {
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            journal.append("t1", events("a", 50)).entries().forEach(e -> journal.complete(e.seq()));
            journal.append("t2", events("b", 1));
            journal.close();
            try (Journal reopened = Journal.jdbc(db, Duration.ofDays(1))) {
                assertThat(unfinishedIds(reopened)).containsExactly("$b0");
            }
        }
    }
}
