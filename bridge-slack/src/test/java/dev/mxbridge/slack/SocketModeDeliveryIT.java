package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static dev.mxbridge.slack.SlackItSupport.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Socket Mode delivery: envelopes are acknowledged once stored, and a lost socket loses and doubles nothing. */
class SocketModeDeliveryIT {
    static final Path DIR = SlackItSupport.dir("slack-socket");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, "");

    static TestUser alice;
    static SlackUser max;

    @BeforeAll
    static void start() {
        max = slack.addUser("max");
        alice = hs.registerUser();
    }

    private static List<String> bodies(String room, String prefix) {
        return alice.messages(room, 100).stream().map(e -> e.path("content").path("body").asString(""))
                .filter(b -> b.startsWith(prefix)).toList();
    }

    @Test
    void aSocketDroppedMidStreamLosesNothingAndDuplicatesNothing() {
        SlackChannel channel = slack.addChannel("dropped", max, slack.botUser());
        String room = alice.join(alias("dropped"));
        for (int i = 1; i <= 5; i++) {
            slack.post(max, channel, "drop " + i);
        }
        slack.socketMode().drop();
        for (int i = 6; i <= 10; i++) {
            slack.post(max, channel, "drop " + i);
        }

        alice.awaitEvent(room, body("drop 10"), SlackItSupport.WAIT);
        await("every envelope acknowledged", () -> slack.socketMode().unacknowledged() == 0);
        assertThat(bodies(room, "drop ")).containsExactlyElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> "drop " + i).toList());
        assertThat(slack.socketMode().connectionsOpened()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anEnvelopeSentAgainAfterItWasStoredIsBridgedOnce() {
        SlackChannel channel = slack.addChannel("again", max, slack.botUser());
        String room = alice.join(alias("again"));
        slack.socketMode().ackTimeout(java.time.Duration.ofMillis(1));
        try {
            slack.post(max, channel, "again 1");
            await("a redelivery", () -> slack.socketMode().sent().stream().anyMatch(e -> e.retryAttempt() > 0));
        } finally {
            slack.socketMode().ackTimeout(java.time.Duration.ofSeconds(3));
        }
        slack.post(max, channel, "again 2");

        alice.awaitEvent(room, body("again 2"), SlackItSupport.WAIT);
        assertThat(bodies(room, "again ")).containsExactly("again 1", "again 2");
    }

    @Test
    void aRefreshRequestMovesToANewConnectionWithoutLosingEvents() {
        SlackChannel channel = slack.addChannel("refresh", max, slack.botUser());
        String room = alice.join(alias("refresh"));
        int before = slack.socketMode().connectionsOpened();

        slack.socketMode().disconnect("refresh_requested");
        slack.post(max, channel, "after refresh");

        alice.awaitEvent(room, body("after refresh"), SlackItSupport.WAIT);
        await("a new connection", () -> slack.socketMode().connectionsOpened() > before);
        assertThat(bodies(room, "after refresh")).hasSize(1);
    }
}
