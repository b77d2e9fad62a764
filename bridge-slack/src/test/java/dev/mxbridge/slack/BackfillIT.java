package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.body;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new portal's history: older pages through the cursor, threads' replies in their Matrix threads, paced requests. */
class BackfillIT {
    static final Path DIR = SlackItSupport.dir("slack-backfill");
    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, """
            backfill_limit: 6
            backfill_page_size: 2
            backfill_interval: 300ms
            backfill_wait: 5s
            """);

    static TestUser alice;
    static SlackUser ada;

    @BeforeAll
    static void users() {
        alice = it.user("Alice");
        ada = slack.addUser("ada");
    }

    private static List<String> bodies(String room, String prefix) {
        return alice.messages(room, 100).stream().map(e -> e.path("content").path("body").asString(""))
                .filter(b -> b.startsWith(prefix)).toList();
    }

    private static List<ApiCall> historyCalls(SlackChannel channel) {
        return slack.calls().stream().filter(c -> c.method().startsWith("conversations.history")
                || c.method().equals("conversations.replies")).filter(c -> c.arg("channel").orElse("").equals(channel.id())).toList();
    }

    @Test
    void olderPagesAndThreadRepliesArriveInOrderWithRepliesInTheirThread() {
        // Written before the bot is in the channel: history only, no live events.
        SlackChannel c = slack.addChannel("backfilled", ada);
        slack.post(ada, c, "old 0"); // beyond backfill_limit: stays in Slack
        SlackMessage root = slack.post(ada, c, "old 1");
        slack.reply(ada, root, "old 1 reply a");
        slack.reply(ada, root, "old 1 reply b");
        slack.replyAndBroadcast(ada, root, "old 1 reply c, also in the channel");
        slack.post(ada, c, "old 2");
        slack.post(ada, c, "old 3");
        slack.post(ada, c, "old 4");
        slack.join(slack.botUser(), c); // its channel_join message is the sixth

        String room = alice.join(alias("backfilled"));

        alice.awaitEvent(room, body("old 4"), SlackItSupport.WAIT);
        slack.post(ada, c, "old marker");
        alice.awaitEvent(room, body("old marker"), SlackItSupport.WAIT);
        // the broadcast reply twice, as live: in the thread and in the room
        assertThat(bodies(room, "old ")).containsExactly("old 1", "old 1 reply a", "old 1 reply b",
                "old 1 reply c, also in the channel", "old 1 reply c, also in the channel", "old 2", "old 3", "old 4", "old marker");
        String rootId = alice.messages(room, 100).stream().filter(body("old 1")).findFirst().orElseThrow()
                .path("event_id").asString();
        assertThat(alice.messages(room, 100)).filteredOn(e -> e.path("content").path("body").asString("").startsWith("old 1 reply"))
                .filteredOn(e -> e.path("content").path("m.relates_to").path("rel_type").asString("").equals("m.thread"))
                .hasSize(3).allSatisfy(e -> assertThat(e.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(rootId));
        List<ApiCall> calls = historyCalls(c);
        assertThat(calls).extracting(ApiCall::method).containsExactly("conversations.history", "conversations.history",
                "conversations.history", "conversations.replies", "conversations.replies");
        assertThat(calls).allSatisfy(call -> assertThat(call.arg("limit").map(Integer::parseInt).orElseThrow()).isLessThanOrEqualTo(2));
        assertThat(calls.get(1).arg("cursor")).isPresent();
        // the bridge paces the starts of its requests 300 ms apart; the fake notes their arrival, which one request's
        // own delay can move by some milliseconds (unpaced, all five arrive within a few milliseconds)
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).at(), calls.get(i).at())).as("paced by backfill_interval")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThat(Duration.between(calls.getFirst().at(), calls.getLast().at())).as("paced over the whole run")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300L * (calls.size() - 1) - 100));
    }
}
