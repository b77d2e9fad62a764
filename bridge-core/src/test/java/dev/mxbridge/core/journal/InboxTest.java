package dev.mxbridge.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class InboxTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    static ObjectNode txn(String... roomAndBody) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (int i = 0; i < roomAndBody.length; i += 2) {
            events.addObject().put("type", "m.room.message").put("room_id", roomAndBody[i])
                    .put("event_id", "$" + roomAndBody[i + 1]).put("sender", "@alice:localhost")
                    .putObject("content").put("msgtype", "m.text").put("body", roomAndBody[i + 1]);
        }
        return body;
    }

    /** Records bodies per room, in the order handled. */
    static final class Recorder implements EventHandler {
        final Map<String, List<String>> byRoom = new ConcurrentHashMap<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void handle(InboundEvent event) {
            byRoom.computeIfAbsent(event.roomId().orElse(""), r -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.content().path("body").asString());
            count.incrementAndGet();
        }

        void await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (count.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(count.get()).as("events handled").isEqualTo(n);
        }
    }

    private Inbox inbox(Database db, EventHandler handler, int maxAttempts) {
        Inbox inbox = new Inbox(Journal.jdbc(db, Duration.ofDays(7)), handler, u -> u.startsWith("@_bridge_"),
                JournalFixture.fastRetries(maxAttempts), new SimpleMeterRegistry());
        inbox.start();
        return inbox;
    }

    @Test
    void eventsOfOneRoomArriveInOrderWhileRoomsRunConcurrently() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox inbox = inbox(db, recorder, 3);
            for (int t = 0; t < 50; t++) {
                inbox.accept("t" + t, txn("!a:x", "a" + t, "!b:x", "b" + t, "!a:x", "a" + t + "'"));
            }
            recorder.await(150);
            List<String> expectedA = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                expectedA.add("a" + t);
                expectedA.add("a" + t + "'");
            }
            assertThat(recorder.byRoom.get("!a:x")).containsExactlyElementsOf(expectedA);
            assertThat(recorder.byRoom.get("!b:x")).hasSize(50).startsWith("b0", "b1").endsWith("b49");
            inbox.close();
        }
    }

    @Test
    void aRetriedTransactionIdIsANoOpAlsoAfterARestart() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox first = inbox(db, recorder, 3);
            assertThat(first.accept("txn1", txn("!a:x", "hello"))).isTrue();
            assertThat(first.accept("txn1", txn("!a:x", "hello"))).isFalse();
            recorder.await(1);
            first.close();

            Inbox second = inbox(db, recorder, 3);
            assertThat(second.accept("txn1", txn("!a:x", "hello"))).isFalse();
            Thread.sleep(50);
            assertThat(recorder.count.get()).isEqualTo(1);
            second.close();
        }
    }

    @Test
    void unfinishedEventsAreResumedInOrderAtStartUp() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (Database db = JournalFixture.h2(dir)) {
            Inbox stuck = inbox(db, e -> never.await(), 3);
            stuck.accept("t1", txn("!a:x", "one", "!a:x", "two", "!b:x", "three"));
            stuck.stop(Duration.ofMillis(50)); // handlers interrupted mid-event: nothing completed

            Recorder recorder = new Recorder();
            List<Boolean> replayed = Collections.synchronizedList(new ArrayList<>());
            Inbox resumed = inbox(db, e -> {
                replayed.add(e.replayed());
                recorder.handle(e);
            }, 3);
            recorder.await(3);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two");
            assertThat(replayed).containsOnly(true);
            resumed.close();
            assertThat(Journal.jdbc(db, Duration.ofDays(1)).unfinished()).isEmpty();
        }
    }

    @Test
    void aFailingHandlerIsRetriedThenRecordedAsFailedWithoutBlockingOtherRooms() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            AtomicInteger attempts = new AtomicInteger();
            Inbox inbox = inbox(db, e -> {
                if (e.roomId().orElseThrow().equals("!bad:x")) {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("remote network said no");
                }
                recorder.handle(e);
            }, 3);
            inbox.accept("t1", txn("!bad:x", "poison", "!good:x", "fine", "!bad:x", "after"));
            recorder.await(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Journal journal = Journal.jdbc(db, Duration.ofDays(1));
            while (journal.failed(10).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<Journal.FailedEntry> failed = journal.failed(10);
            assertThat(failed).hasSize(2);
            assertThat(failed.getFirst().attempts()).isEqualTo(3);
            assertThat(failed.getFirst().reason()).contains("remote network said no");
            assertThat(failed.getFirst().entry().event().path("content").path("body").asString()).isEqualTo("poison");
            assertThat(attempts.get()).isEqualTo(6);
            inbox.close();
        }
    }

    @Test
    void echoesOfOurOwnUsersAreFlagged() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            List<Boolean> echoes = Collections.synchronizedList(new ArrayList<>());
            Inbox inbox = inbox(db, e -> echoes.add(e.echo()), 1);
            ObjectNode body = txn("!a:x", "mine");
            ((ObjectNode) body.get("events").get(0)).put("sender", "@_bridge_bob:localhost");
            inbox.accept("t1", body);
            inbox.accept("t2", txn("!a:x", "theirs"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (echoes.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(echoes).containsExactly(true, false);
            inbox.close();
        }
    }

    @Test
    void ephemeralEventsAreJournaledAndDeliveredWithTheirRoom() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            List<InboundEvent> seen = Collections.synchronizedList(new ArrayList<>());
            Inbox inbox = inbox(db, seen::add, 1);
            ObjectNode body = txn();
            body.putArray("de.sorunome.msc2409.ephemeral").addObject().put("type", "m.typing").put("room_id", "!a:x")
                    .putObject("content").putArray("user_ids").add("@alice:localhost");
            body.withArray("ephemeral"); // the stable key wins when both are present, even empty
            inbox.accept("t1", body);
            Thread.sleep(100);
            assertThat(seen).isEmpty();

            ObjectNode legacy = txn();
            legacy.putArray("de.sorunome.msc2409.ephemeral").addObject().put("type", "m.presence").put("sender", "@alice:localhost");
            inbox.accept("t2", legacy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(seen).singleElement().satisfies(e -> {
                assertThat(e.ephemeral()).isTrue();
                assertThat(e.roomId()).isEmpty();
                assertThat(e.type()).isEqualTo("m.presence");
            });
            inbox.close();
        }
    }

    @Test
    void aMalformedTransactionIsRejectedAndNothingIsStored() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Inbox inbox = inbox(db, e -> { }, 1);
            JsonNode noEvents = JSON.readTree("{\"ephemeral\": []}");
            JsonNode badEvent = JSON.readTree("{\"events\": [{\"type\": \"m.room.message\", \"room_id\": \"!a:x\"}, 42]}");
            assertThatThrownBy(() -> inbox.accept("t1", noEvents)).isInstanceOf(BadTransactionException.class)
                    .hasMessageContaining("'events' must be an array");
            assertThatThrownBy(() -> inbox.accept("t2", badEvent)).isInstanceOf(BadTransactionException.class);
            assertThat(inbox.accept("t2", txn("!a:x", "now fine"))).as("t2 was not remembered").isTrue();
            inbox.close();
        }
    }

    @Test
    void aTransactionThatSkipsANumericIdIsRefusedUntilTheMissingOneArrives() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox inbox = inbox(db, recorder, 1);
            inbox.accept("1", txn("!a:x", "one"));
            assertThatThrownBy(() -> inbox.accept("3", txn("!a:x", "three")))
                    .isInstanceOf(TransactionGapException.class).hasMessageContaining("skips 2");
            inbox.accept("2", txn("!a:x", "two"));
            inbox.accept("3", txn("!a:x", "three"));
            recorder.await(3);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two", "three");
            inbox.close();

            Inbox restarted = inbox(db, recorder, 1);
            assertThatThrownBy(() -> restarted.accept("5", txn("!a:x", "five")))
                    .as("the last id is remembered across a restart").hasMessageContaining("skips 4");
            restarted.close();
        }
    }

    @Test
    void aGapThatStaysOpenPastTheWaitIsAcceptedAndNonNumericIdsAreNotChecked() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox inbox = inbox(db, recorder, 1);
            inbox.accept("10", txn("!a:x", "ten"));
            assertThatThrownBy(() -> inbox.accept("13", txn("!a:x", "thirteen"))).hasMessageContaining("skips 11..12");
            Thread.sleep(250); // the fixture's gap wait is 200 ms
            assertThat(inbox.accept("13", txn("!a:x", "thirteen"))).isTrue();
            assertThat(inbox.accept("11", txn("!a:x", "eleven, late"))).as("a late one is still stored").isTrue();
            assertThat(inbox.accept("abc", txn("!a:x", "conduit-style id"))).isTrue();
            recorder.await(4);
            inbox.close();
        }
    }
}
