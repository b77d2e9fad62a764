package dev.mxbridge.core.journal;

import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.InboundEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.config.BridgeConfig;
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
        return inbox(db, handler, maxAttempts, Timeline.NONE, new SimpleMeterRegistry());
    }

    /** An inbox on the database, repairing from {@code timeline} with a short settle. */
    private Inbox inbox(Database db, EventHandler handler, int maxAttempts, Timeline timeline, SimpleMeterRegistry metrics) {
        Inbox inbox = new Inbox(Journal.jdbc(db, Duration.ofDays(7)), handler, u -> u.startsWith("@_bridge_"),
                repairing(maxAttempts), timeline, metrics);
        inbox.start();
        return inbox;
    }

    /** Short retries, and a repair of up to 100 rooms with a 2-second settle. */
    private static BridgeConfig.Journal repairing(int maxAttempts) {
        BridgeConfig.Journal config = JournalFixture.fastRetries(maxAttempts);
        return new BridgeConfig.Journal(config.maxAttempts(), config.retryInitial(), config.retryMax(),
                config.maxQueuedEvents(), config.transactionRetention(), config.eventRetention(),
                new BridgeConfig.Repair(100, Duration.ofHours(1), 100, Duration.ofSeconds(2)));
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
    void aTransactionRetriedWithEventsAddedHandsOnTheAddedOnesOnceAlsoAfterARestart() throws Exception {
        // Dendrite names a transaction after its first event; a try that failed after the bridge stored it comes
        // again under the same name with what arrived meanwhile (seen in IdleIT: the message after a restart lost)
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox first = inbox(db, recorder, 3);
            assertThat(first.accept("1796677333627966361", txn("!a:x", "leave"))).isTrue();
            recorder.await(1);
            first.close();

            Inbox second = inbox(db, recorder, 3);
            assertThat(second.accept("1796677333627966361", txn("!a:x", "leave", "!a:x", "join", "!b:x", "one last word")))
                    .as("new events under a known id").isTrue();
            assertThat(second.accept("1796677333627966361", txn("!a:x", "leave", "!a:x", "join", "!b:x", "one last word")))
                    .as("the same again").isFalse();
            recorder.await(3);
            second.close();
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("leave", "join");
            assertThat(recorder.byRoom.get("!b:x")).containsExactly("one last word");
            assertThat(Journal.jdbc(db, Duration.ofDays(1)).unfinished()).isEmpty();
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

    /** An exception that says retrying cannot help, wrapped as a network module might throw it. */
    private static final class Refused extends RuntimeException implements dev.mxbridge.core.handler.PermanentFailure {
        Refused(String message) {
            super(message);
        }
    }

    @Test
    void aPermanentFailureIsGivenUpOnAtTheFirstAttempt() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            AtomicInteger attempts = new AtomicInteger();
            List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());
            Inbox inbox = new Inbox(Journal.jdbc(db, Duration.ofDays(1)), new dev.mxbridge.core.handler.EventHandler() {
                @Override
                public void handle(dev.mxbridge.core.handler.InboundEvent e) {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("sending failed", new Refused("the token was revoked"));
                }

                @Override
                public void gaveUp(dev.mxbridge.core.handler.InboundEvent e, Throwable cause) {
                    gaveUp.add(cause.getCause().getMessage());
                }
            }, user -> false, JournalFixture.fastRetries(5), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            inbox.start();
            inbox.accept("t1", txn("!a:x", "doomed"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gaveUp.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(gaveUp).containsExactly("the token was revoked");
            assertThat(attempts.get()).as("no retries of what cannot succeed").isEqualTo(1);
            inbox.close();
        }
    }

    @Test
    void ourOwnUsersStateEventsArriveFlaggedAsEchoesAndTheirMessagesAreNeitherStoredNorHandled() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            List<String> handled = Collections.synchronizedList(new ArrayList<>());
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Inbox inbox = inbox(db, e -> handled.add(e.type() + (e.echo() ? " echo" : "")), 1, Timeline.NONE, metrics);
            ObjectNode join = JSON.createObjectNode();
            join.putArray("events").addObject().put("type", "m.room.member").put("room_id", "!a:x")
                    .put("event_id", "$join").put("sender", "@_bridge_bob:localhost")
                    .put("state_key", "@_bridge_bob:localhost").putObject("content").put("membership", "join");
            ObjectNode mine = txn("!a:x", "mine");
            ((ObjectNode) mine.get("events").get(0)).put("sender", "@_bridge_bob:localhost");

            inbox.accept("t1", join);
            assertThat(inbox.accept("t2", mine)).isTrue();
            inbox.accept("t3", txn("!a:x", "theirs"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handled.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            // t3 came after t2 in the same room, so its turn means t2's would have come.
            assertThat(handled).containsExactly("m.room.member echo", "m.room.message");
            assertThat(inbox.accept("t2", mine)).as("nothing of t2 was stored, not even its id").isTrue();
            assertThat(metrics.get("mxbridge_events_own_sends").counter().count()).isEqualTo(2);
            inbox.close();
            assertThat(Journal.jdbc(db, Duration.ofDays(1)).unfinished()).isEmpty();
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
    void transactionIdsAreOpaqueSoIdsThatSkipOrGoBackAreStoredAtOnce() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Inbox inbox = inbox(db, recorder, 1, Timeline.NONE, metrics);
            // Synapse numbers all its application services' transactions from one sequence: 2..1628 went elsewhere.
            for (String id : List.of("1", "1629", "1630", "7", "abc")) {
                assertThat(inbox.accept(id, txn("!a:x", "in " + id))).as(id).isTrue();
            }
            recorder.await(5);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("in 1", "in 1629", "in 1630", "in 7", "in abc");
            assertThat(metrics.counter("mxbridge_transaction_id_gaps").count()).as("counted, nothing more").isEqualTo(1);
            inbox.close();
        }
    }

    @Test
    void theSameEventInTwoTransactionsIsHandledOnceAlsoAfterARestart() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox first = inbox(db, recorder, 1);
            assertThat(first.accept("t1", txn("!a:x", "one", "!a:x", "one", "!a:x", "two"))).isTrue();
            assertThat(first.accept("t2", txn("!a:x", "two", "!a:x", "three"))).as("a new transaction").isTrue();
            recorder.await(3);
            first.close();

            Inbox second = inbox(db, recorder, 1);
            second.accept("after-restart", txn("!a:x", "one", "!a:x", "four"));
            recorder.await(4);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two", "three", "four");
            second.close();
        }
    }

    @Test
    void startUpRepairJournalsEventsThatNeverArrivedInTimelineOrderBeforeTheBacklogAfterThem() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox before = inbox(db, recorder, 1);
            before.accept("t1", txn("!a:x", "one", "!a:x", "two"));
            recorder.await(2);
            before.close(); // saves where room !a:x stood: "$two"

            // While the bridge was away, "three" and "four" reached the room; the homeserver lost "three" and
            // queued "four", which it sends as soon as the bridge is back.
            List<String> readAfter = Collections.synchronizedList(new ArrayList<>());
            Timeline timeline = (room, after, reader, max) -> {
                readAfter.add(room + " after " + after + " as " + reader.orElse("the bot"));
                return List.of(event(room, "three"), event(room, "four"));
            };
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Inbox after = inbox(db, recorder, 1, timeline, metrics);
            after.accept("t2", txn("!a:x", "four"));
            recorder.await(4);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two", "three", "four");
            assertThat(readAfter).containsExactly("!a:x after $two as the bot");
            assertThat(metrics.counter("mxbridge_events_recovered").count()).isEqualTo(1);
            after.close();
        }
    }

    @Test
    void aRepairReadsAsOurUserInTheRoomAndFallsBackToTheBot() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Inbox before = inbox(db, recorder, 1);
            ObjectNode joined = txn("!a:x", "ghost joins");
            ((ObjectNode) joined.get("events").get(0)).put("type", "m.room.member")
                    .put("state_key", "@_bridge_ghost:localhost").putObject("content").put("membership", "join");
            before.accept("t1", joined);
            recorder.await(1);
            before.close();

            List<String> readers = Collections.synchronizedList(new ArrayList<>());
            Timeline timeline = (room, after, reader, max) -> {
                readers.add(reader.orElse("the bot"));
                if (reader.isPresent()) {
                    throw new IllegalStateException("M_FORBIDDEN: the ghost left");
                }
                return List.of(event(room, "missed"));
            };
            Inbox after = inbox(db, recorder, 1, timeline, new SimpleMeterRegistry());
            recorder.await(2);
            assertThat(recorder.byRoom.get("!a:x")).endsWith("missed");
            assertThat(readers).containsExactly("@_bridge_ghost:localhost", "the bot");
            after.close();
        }
    }

    @Test
    void aTransactionStoredAfterAFailedOneStartsARepairRound() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Journal real = Journal.jdbc(db, Duration.ofDays(7));
            AtomicInteger failNext = new AtomicInteger();
            Journal flaky = new ForwardingJournal(real) {
                @Override
                public Appended append(String txnId, List<NewEntry> events) {
                    if (failNext.getAndSet(0) > 0) {
                        throw new IllegalStateException("database unavailable");
                    }
                    return super.append(txnId, events);
                }
            };
            CountDownLatch read = new CountDownLatch(1);
            Timeline timeline = (room, after, reader, max) -> {
                read.countDown();
                return List.of(event(room, "lost by the homeserver"));
            };
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Inbox inbox = new Inbox(flaky, recorder, u -> u.startsWith("@_bridge_"), repairing(1), timeline, metrics);
            inbox.start();
            inbox.accept("t1", txn("!a:x", "one"));
            recorder.await(1);
            failNext.set(1);
            assertThatThrownBy(() -> inbox.accept("t2", txn("!a:x", "two"))).hasMessageContaining("unavailable");
            inbox.accept("t2", txn("!a:x", "two"));
            assertThat(read.await(10, TimeUnit.SECONDS)).as("a repair round read the timeline").isTrue();
            recorder.await(3);
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two", "lost by the homeserver");
            inbox.close();
        }
    }

    @Test
    void aTransactionIdSkippedAfterConsecutiveOnesIsRepairedBeforeTheEventsThatCameAfterIt() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            List<String> readAfter = Collections.synchronizedList(new ArrayList<>());
            int last = Inbox.CONSECUTIVE + 1;
            // Synapse numbered the lost transaction (last + 1) and sent the one after it: the room's timeline has both.
            Timeline timeline = (room, after, reader, max) -> {
                readAfter.add(after);
                return List.of(event(room, "lost"), event(room, "after the loss"));
            };
            Inbox inbox = inbox(db, recorder, 1, timeline, new SimpleMeterRegistry());
            for (int id = 1; id <= last; id++) {
                inbox.accept(Integer.toString(id), txn("!a:x", "m" + id));
            }
            recorder.await(last);

            inbox.accept(Integer.toString(last + 2), txn("!a:x", "after the loss"));

            recorder.await(last + 2);
            assertThat(readAfter).containsExactly("$m" + last);
            assertThat(recorder.byRoom.get("!a:x")).endsWith("m" + last, "lost", "after the loss");
            inbox.close();
        }
    }

    /** A timeline with nothing new in it that records where each read started. */
    private static Timeline emptyTimeline(List<String> readAfter) {
        return (room, after, reader, max) -> {
            readAfter.add(after);
            return List.of();
        };
    }

    @Test
    void aSkipWhoseRepairFindsNothingMarksTheIdsAsSharedAndTheNextSkipStartsNoRound() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            List<String> readAfter = Collections.synchronizedList(new ArrayList<>());
            Timeline timeline = emptyTimeline(readAfter);
            Inbox inbox = inbox(db, recorder, 1, timeline, new SimpleMeterRegistry());
            // Our transactions come one after another while another application service is quiet, then it gets one.
            int id = 1;
            for (; id <= Inbox.CONSECUTIVE + 1; id++) {
                inbox.accept(Integer.toString(id), txn("!a:x", "m" + id));
            }
            inbox.accept(Integer.toString(++id), txn("!a:x", "m" + id));
            recorder.await(Inbox.CONSECUTIVE + 2);
            assertThat(readAfter).as("the first skip is taken for a loss: one round, which finds nothing").hasSize(1);

            for (id++; id <= 2 * Inbox.CONSECUTIVE + 4; id++) {
                inbox.accept(Integer.toString(id), txn("!a:x", "m" + id));
            }
            inbox.accept(Integer.toString(++id), txn("!a:x", "m" + id));

            // held lanes would wait for a round's read: every event handled means no second round was started
            recorder.await(2 * Inbox.CONSECUTIVE + 4);
            assertThat(readAfter).hasSize(1);
            inbox.close();
        }
    }

    @Test
    void idsThatSkipFromTheStartAreNoSignOfALostTransaction() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            List<String> readAfter = Collections.synchronizedList(new ArrayList<>());
            Timeline timeline = emptyTimeline(readAfter);
            Inbox inbox = inbox(db, recorder, 1, timeline, new SimpleMeterRegistry());
            // another application service's transactions take the ids in between (one sequence for all)
            for (int id = 1; id <= 3 * Inbox.CONSECUTIVE; id += 2) {
                inbox.accept(Integer.toString(id), txn("!a:x", "m" + id));
            }
            // held lanes would wait for a round's read: every event handled means no round was started
            recorder.await(Inbox.CONSECUTIVE * 3 / 2);
            assertThat(readAfter).isEmpty();
            inbox.close();
        }
    }

    @Test
    void lanesStartOnEventsWhileTheCommitIsWrittenAndCompleteThemOnlyOnceItIsStored() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            List<String> steps = Collections.synchronizedList(new ArrayList<>());
            Journal real = Journal.jdbc(db, Duration.ofDays(7));
            Journal slowCommit = new ForwardingJournal(real) {
                @Override
                public Appended append(String txnId, List<NewEntry> events,
                                       java.util.function.Consumer<List<JournalEntry>> whileStoring) {
                    return real.append(txnId, events, entries -> {
                        whileStoring.accept(entries);
                        try {
                            recorder.await(1); // the handler runs before the write
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        steps.add("write " + real.unfinished().size() + " unfinished");
                    });
                }

                @Override
                public void complete(long seq) {
                    steps.add("complete");
                    super.complete(seq);
                }
            };
            Inbox inbox = new Inbox(slowCommit, recorder, u -> false, repairing(3), Timeline.NONE, new SimpleMeterRegistry());
            inbox.start();
            assertThat(inbox.accept("t1", txn("!a:x", "hello"))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!steps.contains("complete") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(steps).containsExactly("write 0 unfinished", "complete");
            inbox.close();
            assertThat(real.unfinished()).isEmpty();
        }
    }

    @Test
    void anEventBridgedWhileItsCommitFailedIsNotBridgedAgainWhenTheHomeserverResends() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Recorder recorder = new Recorder();
            Journal real = Journal.jdbc(db, Duration.ofDays(7));
            AtomicInteger failNext = new AtomicInteger(1);
            Journal failing = new ForwardingJournal(real) {
                @Override
                public Appended append(String txnId, List<NewEntry> events,
                                       java.util.function.Consumer<List<JournalEntry>> whileStoring) {
                    return real.append(txnId, events, entries -> {
                        whileStoring.accept(entries);
                        if (failNext.getAndSet(0) > 0) {
                            try {
                                recorder.await(1); // "one" is bridged; "two" waits behind it in the room's lane
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            throw new IllegalStateException("database unavailable");
                        }
                    });
                }
            };
            Inbox inbox = new Inbox(failing, recorder, u -> false, repairing(3), Timeline.NONE, new SimpleMeterRegistry());
            inbox.start();
            assertThatThrownBy(() -> inbox.accept("t1", txn("!a:x", "one", "!a:x", "two")))
                    .hasMessageContaining("unavailable");
            assertThat(inbox.accept("t1", txn("!a:x", "one", "!a:x", "two"))).isTrue();
            inbox.accept("t2", txn("!a:x", "three"));
            recorder.await(3);
            inbox.close();
            assertThat(recorder.byRoom.get("!a:x")).containsExactly("one", "two", "three");
            assertThat(real.unfinished()).isEmpty();
        }
    }

    @Test
    void theFirstTransactionAfterStartUpIsHandedOnAsPossiblyHandledBefore() throws Exception {
        try (Database db = JournalFixture.h2(dir)) {
            Map<String, Boolean> replayed = new ConcurrentHashMap<>();
            CountDownLatch handled = new CountDownLatch(3);
            EventHandler handler = event -> {
                replayed.put(event.content().path("body").asString(), event.replayed());
                handled.countDown();
            };
            Inbox inbox = inbox(db, handler, 3);
            // the previous run may have bridged this one while its commit was being written, then died
            inbox.accept("t7", txn("!a:x", "resent"));
            inbox.accept("t8", txn("!a:x", "new", "!b:x", "also new"));
            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(replayed).containsEntry("resent", true).containsEntry("new", false).containsEntry("also new", false);
            inbox.close();
        }
    }

    /** A timeline event as /messages gives it. */
    static ObjectNode event(String room, String body) {
        ObjectNode e = JSON.createObjectNode().put("type", "m.room.message").put("room_id", room)
                .put("event_id", "$" + body).put("sender", "@alice:localhost")
                .put("origin_server_ts", System.currentTimeMillis());
        e.putObject("content").put("msgtype", "m.text").put("body", body);
        return e;
    }
}
