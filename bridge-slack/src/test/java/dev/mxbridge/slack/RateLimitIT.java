package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.ApiCall;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackMessage;
import dev.mxbridge.testkit.slack.SlackUser;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slack's rate limits: posts wait out 429s in order; a wait longer than allowed fails with a notice. */
class RateLimitIT {
    static final Path DIR = SlackItSupport.dir("slack-rate");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, "max_retry_after: 3s\nvirtual_users: false");

    static TestUser alice;
    static SlackUser jo;

    @BeforeAll
    static void start() {
        jo = slack.addUser("jo");
        alice = hs.registerUser();
        alice.setDisplayName("Alice R");
    }

    @Test
    void postsPacedByThe429sOfSlackArriveInOrder() {
        SlackChannel channel = slack.addChannel("paced", jo, slack.botUser());
        String room = alice.join(alias("paced"));
        slack.failNext("chat.postMessage", 2, 1);
        for (int i = 1; i <= 4; i++) {
            alice.sendText(room, "paced " + i);
        }

        await("all four", () -> slack.messages(channel).size() == 4);
        assertThat(slack.messages(channel)).extracting(SlackMessage::text)
                .containsExactly("&lt;Alice R&gt; paced 1", "&lt;Alice R&gt; paced 2", "&lt;Alice R&gt; paced 3", "&lt;Alice R&gt; paced 4");
        assertThat(slack.calls("chat.postMessage")).extracting(ApiCall::status).contains(429);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsWithANoticeToTheSender() {
        SlackChannel channel = slack.addChannel("too-slow", jo, slack.botUser());
        String room = alice.join(alias("too-slow"));
        slack.failNext("chat.postMessage", 10, 30);

        String sent = alice.sendText(room, "will not make it");

        alice.awaitEvent(room, e -> e.path("content").path("body").asString().contains("Not delivered")
                && e.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString().equals(sent), SlackItSupport.WAIT);
        assertThat(slack.messages(channel)).isEmpty();
    }
}
