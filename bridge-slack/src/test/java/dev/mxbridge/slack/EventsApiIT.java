package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static dev.mxbridge.slack.SlackItSupport.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.EventsApiDelivery;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackUser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Events API on the bridge's own listener: signatures, the five-minute window both ways, replays, retries. */
class EventsApiIT {
    static final Path DIR = SlackItSupport.dir("slack-events");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, "mode: events");

    static TestUser alice;
    static SlackUser ivy;

    @BeforeAll
    static void start() {
        ivy = slack.addUser("ivy");
        // no retries: a refused request stays refused, so what the bridge let in is exactly what it accepted
        slack.eventsApi().deliverTo(URI.create("http://127.0.0.1:" + it.port() + "/_mxbridge/slack/events")).retryDelays();
        alice = hs.registerUser();
    }

    private static List<String> bodies(String room, String prefix) {
        return alice.messages(room, 100).stream().map(e -> e.path("content").path("body").asString(""))
                .filter(b -> b.startsWith(prefix)).toList();
    }

    private static EventsApiDelivery lastDelivery() {
        return slack.eventsApi().deliveries().getLast();
    }

    @Test
    void theUrlVerificationChallengeIsAnswered() {
        EventsApiDelivery check = slack.eventsApi().verifyUrl();
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.responseBody()).isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(check.body()).path("challenge").asString());
    }

    @Test
    void aSignedEventIsBridgedAndAnsweredOnlyOnceStored() {
        SlackChannel channel = slack.addChannel("signed", ivy, slack.botUser());
        String room = alice.join(alias("signed"));
        slack.post(ivy, channel, "over http");
        alice.awaitEvent(room, body("over http"), SlackItSupport.WAIT);
        assertThat(lastDelivery().status()).isEqualTo(200);
    }

    @Test
    void requestsWithABadSignatureOrATimestampOutsideFiveMinutesAreRefused() {
        SlackChannel channel = slack.addChannel("forged", ivy, slack.botUser());
        String room = alice.join(alias("forged"));
        slack.eventsApi().signNextWith("not-the-secret");
        slack.post(ivy, channel, "forged one");
        await("the forged request", () -> !slack.eventsApi().deliveries().isEmpty() && lastDelivery().body().contains("forged one"));
        assertThat(lastDelivery().status()).isEqualTo(401);
        slack.eventsApi().shiftNextTimestamp(Duration.ofMinutes(-6));
        slack.post(ivy, channel, "forged old");
        await("the old request", () -> lastDelivery().body().contains("forged old"));
        assertThat(lastDelivery().status()).isEqualTo(401);
        slack.eventsApi().shiftNextTimestamp(Duration.ofMinutes(6));
        slack.post(ivy, channel, "forged future");
        await("the future request", () -> lastDelivery().body().contains("forged future"));
        assertThat(lastDelivery().status()).isEqualTo(401);

        slack.post(ivy, channel, "forged marker");

        alice.awaitEvent(room, body("forged marker"), SlackItSupport.WAIT);
        assertThat(bodies(room, "forged")).containsExactly("forged marker");
    }

    @Test
    void aReplayedRequestIsAcceptedButBridgedOnce() {
        SlackChannel channel = slack.addChannel("replayed", ivy, slack.botUser());
        String room = alice.join(alias("replayed"));
        slack.post(ivy, channel, "replay me");
        alice.awaitEvent(room, body("replay me"), SlackItSupport.WAIT);

        EventsApiDelivery again = slack.eventsApi().replay(lastDelivery());
        slack.post(ivy, channel, "replay marker");

        alice.awaitEvent(room, body("replay marker"), SlackItSupport.WAIT);
        assertThat(again.status()).isEqualTo(200);
        assertThat(bodies(room, "replay")).containsExactly("replay me", "replay marker");
    }
}
