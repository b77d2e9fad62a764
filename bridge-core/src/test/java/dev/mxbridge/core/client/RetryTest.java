package dev.mxbridge.core.client;

import static dev.mxbridge.core.client.FakeResponse.error;
import static dev.mxbridge.core.client.FakeResponse.hang;
import static dev.mxbridge.core.client.FakeResponse.ok;
import static dev.mxbridge.core.client.Fixtures.GHOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Timeouts, rate limits and retries, against a fake homeserver that misbehaves on cue. */
class RetryTest {

    private static final RoomId ROOM = new RoomId("!room:example.org");
    private static final ObjectNode CONTENT = JsonNodeFactory.instance.objectNode().put("body", "hi");

    private FakeHomeserver hs;
    private MatrixClient client;

    @BeforeEach
    void start() {
        hs = FakeHomeserver.start();
        client = MatrixClient.create(Fixtures.config(hs.uri()));
    }

    @AfterEach
    void stop() {
        client.close();
        hs.close();
    }

    /** A homeserver URL on a loopback port that nothing listens on: every connection is refused. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    @Test
    void rateLimitedCallWaitsRetryAfterMsThenSucceeds() {
        hs.enqueue(FakeResponse.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\",\"retry_after_ms\":400}"),
                ok("{\"event_id\":\"$e\"}"));

        long start = System.nanoTime();
        EventId id = client.intent(GHOST).sendEvent(ROOM, "m.room.message", CONTENT, "k");

        assertThat(id).isEqualTo(new EventId("$e"));
        assertThat(millisSince(start)).isBetween(400L, 1_500L);
        assertThat(hs.takeRequest().path()).isEqualTo(hs.takeRequest().path());
    }

    @Test
    void rateLimitedCallHonoursTheRetryAfterHeader() {
        hs.enqueue(error(429, "M_LIMIT_EXCEEDED", "slow down").withHeader("Retry-After", "1"), ok("{}"));

        long start = System.nanoTime();
        client.bot().markRead(ROOM, new EventId("$e"));

        assertThat(millisSince(start)).isBetween(1_000L, 2_500L);
        assertThat(hs.requestCount()).isEqualTo(2);
    }

    @Test
    void rateLimitLongerThanTheRetryBudgetFailsAtOnceWithTheWaitAsked() {
        hs.enqueue(FakeResponse.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"x\",\"retry_after_ms\":60000}"));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.bot().markRead(ROOM, new EventId("$e")))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.isRateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
                });
        assertThat(millisSince(start)).isLessThan(1_000L);
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() {
        hs.enqueue(error(502, "M_UNKNOWN", "bad gateway"), FakeResponse.raw(503, "text/plain", new byte[0]),
                ok("{\"event_id\":\"$e\"}"));

        long start = System.nanoTime();
        EventId id = client.intent(GHOST).sendEvent(ROOM, "m.room.message", CONTENT, "k");

        assertThat(id).isEqualTo(new EventId("$e"));
        assertThat(hs.requestCount()).isEqualTo(3);
        // Waits of at least 20/2 and 40/2 ms (half of each back-off is fixed).
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(30L);
    }

    @Test
    void serverErrorsExhaustTheAttemptsAndSurfaceTheLastAnswer() {
        for (int i = 0; i < 4; i++) {
            hs.enqueue(error(503, "M_UNKNOWN", "down for maintenance"));
        }

        assertThatThrownBy(() -> client.bot().whoami())
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e).hasMessageContaining("4 attempts");
                });
        assertThat(hs.requestCount()).isEqualTo(4);
    }

    @Test
    void clientErrorsAreNotRetried() {
        hs.enqueue(error(400, "M_BAD_JSON", "bad"), ok("{}"));

        assertThatThrownBy(() -> client.bot().leave(ROOM)).isInstanceOf(MatrixException.class);
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void unansweredCallTimesOutIsRetriedAndFailsWithinTheBound() {
        hs.enqueue(hang(), hang(), hang(), hang());

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.bot().whoami())
                .isInstanceOfSatisfying(MatrixTransportException.class, e -> {
                    assertThat(e.timedOut()).isTrue();
                    assertThat(e.attempts()).isEqualTo(4);
                    assertThat(e.mayHaveSucceeded()).isTrue();
                    assertThat(e).hasMessageContaining("timed out");
                });
        long took = millisSince(start);
        assertThat(hs.requestCount()).isEqualTo(4);
        // Four 500 ms attempts and three waits of at most 80 ms (the upper bound leaves room for a loaded machine).
        assertThat(took).isBetween(2_000L, 4_500L);
    }

    @Test
    void timedOutAttemptIsRetriedAndTheSameTransactionIdResent() {
        hs.enqueue(hang(), ok("{\"event_id\":\"$e\"}"));

        EventId id = client.intent(GHOST).sendEvent(ROOM, "m.room.message", CONTENT, "k");

        assertThat(id).isEqualTo(new EventId("$e"));
        assertThat(hs.takeRequest().path()).isEqualTo(hs.takeRequest().path());
    }

    @Test
    void roomCreationWithoutAliasIsNotRepeatedAfterATimeout() {
        hs.enqueue(hang(), ok("{\"room_id\":\"!dup:example.org\"}"));

        assertThatThrownBy(() -> client.bot().createRoom(CreateRoom.builder().name("x").build()))
                .isInstanceOfSatisfying(MatrixTransportException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.mayHaveSucceeded()).isTrue();
                    assertThat(e).hasMessageContaining("may have acted");
                });
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void roomCreationWithoutAliasIsNotRepeatedAfterAServerError() {
        hs.enqueue(error(502, "M_UNKNOWN", "bad gateway"), ok("{\"room_id\":\"!dup:example.org\"}"));

        assertThatThrownBy(() -> client.bot().createRoom(CreateRoom.builder().build()))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void aliasedRoomCreationThatTimedOutFindsTheRoomItCreatedThroughTheAlias() {
        hs.enqueue(hang(),
                error(400, "M_ROOM_IN_USE", "Room alias already taken"),
                ok("{\"room_id\":\"!made:example.org\",\"servers\":[\"example.org\"]}"));

        RoomId room = client.bot().createRoom(CreateRoom.builder().aliasLocalpart("_irc_#chan").build());

        assertThat(room).isEqualTo(new RoomId("!made:example.org"));
        hs.takeRequest();
        hs.takeRequest();
        assertThat(hs.takeRequest().path()).isEqualTo("/_matrix/client/v3/directory/room/%23_irc_%23chan%3Aexample.org");
    }

    @Test
    void aliasTakenOnTheFirstAttemptIsReportedNotSwallowed() {
        hs.enqueue(error(400, "M_ROOM_IN_USE", "Room alias already taken"));

        assertThatThrownBy(() -> client.bot().createRoom(CreateRoom.builder().aliasLocalpart("taken").build()))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.is("M_ROOM_IN_USE")).isTrue());
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void refusedConnectionIsRetriedAndFailsBounded() throws IOException {
        try (MatrixClient refused = MatrixClient.create(Fixtures.config(closedPort()))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> refused.bot().whoami())
                    .isInstanceOfSatisfying(MatrixTransportException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(4);
                        assertThat(e.mayHaveSucceeded()).isFalse();
                        assertThat(e.timedOut()).isFalse();
                    });
            assertThat(millisSince(start)).isLessThan(2_000L);
        }
    }

    @Test
    void unsafeCallsAreStillRetriedWhenNothingWasSent() throws IOException {
        try (MatrixClient refused = MatrixClient.create(Fixtures.config(closedPort()))) {
            assertThatThrownBy(() -> refused.ping("irc"))
                    .isInstanceOfSatisfying(MatrixTransportException.class,
                            e -> assertThat(e.attempts()).isEqualTo(4));
        }
    }

    @Test
    void answersAsksTheVersionsOnceWithoutTheTokenAndReadsBelow500AsUp() {
        hs.enqueue(error(502, "M_UNKNOWN", "bad gateway"), ok("{\"versions\":[\"v1.11\"]}"));

        assertThat(client.answers()).isFalse();
        assertThat(hs.requestCount()).isEqualTo(1); // not retried
        assertThat(client.answers()).isTrue();
        assertThat(client.answers()).isTrue(); // nothing scripted: the fake's 404 still proves it is reachable
        FakeHomeserver.RecordedRequest first = hs.takeRequest();
        assertThat(first.method() + " " + first.path()).isEqualTo("GET /_matrix/client/versions");
        assertThat(first.header("Authorization")).isNull();
    }

    @Test
    void answersIsFalseForARefusedConnectionOrATimeoutWithoutRetrying() throws IOException {
        try (MatrixClient refused = MatrixClient.create(Fixtures.config(closedPort()))) {
            long start = System.nanoTime();
            assertThat(refused.answers()).isFalse();
            assertThat(millisSince(start)).isLessThan(1_000L);
        }
        hs.enqueue(hang(), ok("{}"));
        assertThat(client.answers()).isFalse();
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void pingFailureReportedByTheHomeserverIsNotRetried() {
        hs.enqueue(error(502, "M_CONNECTION_FAILED", "could not reach the appservice"));

        assertThatThrownBy(() -> client.ping("irc"))
                .isInstanceOfSatisfying(MatrixException.class,
                        e -> assertThat(e.is("M_CONNECTION_FAILED")).isTrue());
        assertThat(hs.requestCount()).isEqualTo(1);
    }

    @Test
    void totalTimeIsCappedByMaxElapsedEvenWithAttemptsLeft() {
        MatrixClientConfig tight = Fixtures.config(hs.uri())
                .withRetry(new RetryPolicy(100, Duration.ofMillis(700), Duration.ofMillis(10), Duration.ofMillis(20)));
        for (int i = 0; i < 10; i++) {
            hs.enqueue(hang());
        }
        try (MatrixClient capped = MatrixClient.create(tight)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> capped.bot().whoami()).isInstanceOf(MatrixTransportException.class);
            assertThat(millisSince(start)).isBetween(650L, 2_000L);
        }
    }
}
