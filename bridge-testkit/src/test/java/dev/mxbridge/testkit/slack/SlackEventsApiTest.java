package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.mxbridge.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The Events API over HTTP, checked with the SDK's own signature verifier. */
class SlackEventsApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    FakeSlack slack = FakeSlack.create();

    private Receiver app;
    private SlackSignature.Verifier verifier;
    private SlackUser quinn;
    private SlackChannel room;

    @BeforeEach
    void setUp() {
        app = new Receiver();
        slack.eventsApi().deliverTo(app.url()).retryDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO);
        verifier = new SlackSignature.Verifier(new SlackSignature.Generator(slack.app().signingSecret()));
        quinn = slack.addUser("quinn");
        room = slack.addChannel("http-events", quinn, slack.botUser());
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void eventsArePostedAsJsonSignedSoTheSdkVerifiesThem() {
        SlackMessage message = slack.post(quinn, room, "over http");

        Await.until("the request", WAIT, () -> app.requests().size() == 1);
        Receiver.Request request = app.requests().getFirst();
        assertThat(verifier.isValid(request.header("X-Slack-Request-Timestamp"), request.body(),
                request.header("X-Slack-Signature"))).isTrue();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Slack-Retry-Num")).isNull();
        JsonNode payload = Json.parse(request.body());
        assertThat(payload.path("type").asString()).isEqualTo("event_callback");
        assertThat(payload.path("api_app_id").asString()).isEqualTo(slack.app().appId());
        assertThat(payload.path("event").path("ts").asString()).isEqualTo(message.ts());
        assertThat(slack.socketMode().sent()).isEmpty();
    }

    @Test
    void aRequestSignedWithAnotherSecretFailsVerification() {
        slack.eventsApi().signNextWith("not-the-signing-secret");

        slack.post(quinn, room, "forged");
        slack.post(quinn, room, "genuine");

        Await.until("both requests", WAIT, () -> app.requests().size() == 2);
        List<Boolean> valid = app.requests().stream().map(r -> verifier.isValid(r.header("X-Slack-Request-Timestamp"),
                r.body(), r.header("X-Slack-Signature"))).toList();
        assertThat(valid).containsExactly(false, true);
    }

    @Test
    void anOldTimestampFailsVerificationAndAFutureOneIsSentAsStamped() {
        slack.eventsApi().shiftNextTimestamp(Duration.ofMinutes(-10));
        slack.post(quinn, room, "stale");
        Await.until("the stale request", WAIT, () -> app.requests().size() == 1);
        slack.eventsApi().shiftNextTimestamp(Duration.ofMinutes(10));
        slack.post(quinn, room, "from the future");
        Await.until("the future request", WAIT, () -> app.requests().size() == 2);

        Receiver.Request stale = app.requests().get(0);
        Receiver.Request future = app.requests().get(1);
        assertThat(verifier.isValid(stale.header("X-Slack-Request-Timestamp"), stale.body(), stale.header("X-Slack-Signature"))).isFalse();
        // The SDK's verifier only rejects old timestamps; a bridge must also reject ones five minutes ahead.
        long ahead = Long.parseLong(future.header("X-Slack-Request-Timestamp")) - Instant.now().getEpochSecond();
        assertThat(ahead).isBetween(9 * 60L, 11 * 60L);
        assertThat(future.header("X-Slack-Signature")).isEqualTo(FakeEventsApi.sign(slack.app().signingSecret(),
                future.header("X-Slack-Request-Timestamp"), future.body()));
    }

    @Test
    void aReplayIsTheSameRequestByteForByte() {
        slack.post(quinn, room, "once");
        Await.until("the request", WAIT, () -> slack.eventsApi().deliveries().size() == 1);

        EventsApiDelivery replayed = slack.eventsApi().replay(slack.eventsApi().deliveries().getFirst());

        assertThat(app.requests()).hasSize(2);
        Receiver.Request first = app.requests().get(0);
        Receiver.Request second = app.requests().get(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("X-Slack-Signature")).isEqualTo(first.header("X-Slack-Signature"));
        assertThat(second.header("X-Slack-Request-Timestamp")).isEqualTo(first.header("X-Slack-Request-Timestamp"));
        assertThat(replayed.accepted()).isTrue();
    }

    @Test
    void aFailedOrSlowAnswerIsRetriedWithRetryNumAndReason() {
        slack.eventsApi().timeout(Duration.ofMillis(500));
        app.answer(new Receiver.Answer(500, Duration.ZERO, "oops", false),
                new Receiver.Answer(200, Duration.ofSeconds(5), "", false));

        slack.post(quinn, room, "persistent");

        Await.until("an accepted attempt", WAIT, () -> slack.eventsApi().deliveries().stream().anyMatch(EventsApiDelivery::accepted));
        List<EventsApiDelivery> attempts = slack.eventsApi().deliveries();
        assertThat(attempts).extracting(EventsApiDelivery::retryNum).containsExactly(0, 1, 2);
        assertThat(attempts).extracting(EventsApiDelivery::status).containsExactly(500, 0, 200);
        assertThat(attempts.get(1).retryReason()).contains("http_error");
        assertThat(attempts.get(2).retryReason()).contains("http_timeout");
        assertThat(app.requests().get(2).header("X-Slack-Retry-Num")).isEqualTo("2");
        assertThat(app.requests().get(2).header("X-Slack-Retry-Reason")).isEqualTo("http_timeout");
        assertThat(attempts).extracting(EventsApiDelivery::eventId).containsOnly(attempts.getFirst().eventId());
    }

    @Test
    void anAnswerWithNoRetryIsNotRetried() {
        app.answer(new Receiver.Answer(503, Duration.ZERO, "", true));

        slack.post(quinn, room, "drop me");
        slack.post(quinn, room, "marker");

        Await.until("the marker", WAIT, () -> app.requests().size() >= 2);
        assertThat(slack.eventsApi().deliveries()).extracting(EventsApiDelivery::retryNum).containsExactly(0, 0);
    }

    @Test
    void urlVerificationSendsASignedChallenge() {
        EventsApiDelivery check = slack.eventsApi().verifyUrl();

        JsonNode body = Json.parse(check.body());
        assertThat(body.path("type").asString()).isEqualTo("url_verification");
        assertThat(check.responseBody()).isEqualTo(body.path("challenge").asString());
        assertThat(verifier.isValid(check.timestamp(), check.body(), check.signature())).isTrue();
    }
}
