package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeProcess;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bridge as a process of its own, killed with SIGKILL while Socket Mode envelopes are between their arrival and
 * Matrix: after the restart every message arrives, once, in order — an envelope was acknowledged only once stored,
 * what was stored is bridged after the restart, and what Slack sends again is dropped as known.
 */
class CrashIT {
    static final Path DIR = SlackItSupport.dir("slack-crash");
    static final int MESSAGES = 300;
    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    /** The bridge as a process of its own, so that it can be SIGKILLed. */
    @RegisterExtension
    static final BridgeUnderTest<BridgeProcess> it = BridgeUnderTest.<BridgeProcess>builder("slack", DIR, hs).server(slack)
            .network(() -> SlackItSupport.networkYaml(slack, slack.botToken()))
            .start(BridgeProcess.main(SlackBridge.class, config -> List.of("run", "-c", config.toString())));

    private static List<String> received(TestUser user, String room, String ghost) {
        return user.messages(room, 5000).stream()
                .filter(e -> e.path("type").asString().equals("m.room.message") && e.path("sender").asString().equals(ghost))
                .map(e -> e.path("content").path("body").asString()).toList();
    }

    @Test
    void aBridgeKilledBetweenAnEnvelopeAndMatrixLosesNothingAndSendsNothingTwice() {
        slack.socketMode().maxRetries(50); // Slack gives up after 3; the restart must not depend on the host's speed
        SlackUser una = slack.addUser("una");
        SlackChannel channel = slack.addChannel("crash", una, slack.botUser());
        TestUser ann = hs.registerUser();
        String room = ann.join(SlackItSupport.alias("crash"));
        String ghost = SlackItSupport.ghost(una.id());

        IntStream.range(0, MESSAGES).forEach(i -> slack.post(una, channel, "line " + i));
        Await.until("some messages in Matrix", Duration.ofSeconds(120), () -> received(ann, room, ghost).size() >= 30);
        it.bridge().kill(); // SIGKILL: envelopes arrived, stored or not, and not yet all in Matrix
        it.stop();
        assertThat(received(ann, room, ghost).size()).as("killed midway").isLessThan(MESSAGES);
        assertThat(slack.socketMode().acknowledged()).as("some envelopes were stored before the kill").isNotEmpty();
        it.start();

        Await.until("every message in Matrix", Duration.ofMinutes(3), () -> received(ann, room, ghost).size() >= MESSAGES);
        slack.post(una, channel, "marker"); // nothing more may come before it
        Await.until("the marker", Duration.ofSeconds(60), () -> received(ann, room, ghost).contains("marker"));
        List<String> expected = Stream.concat(IntStream.range(0, MESSAGES).mapToObj(i -> "line " + i), Stream.of("marker")).toList();
        assertThat(received(ann, room, ghost)).as("each once, in order").containsExactlyElementsOf(expected);
        assertThat(slack.socketMode().givenUp()).as("Slack gave nothing up").isEmpty();
    }
}
