package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.mxbridge.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlackRateLimitTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();
    static MethodsClient bot;
    static SlackUser jo;

    @BeforeAll
    static void setUp() {
        bot = Sdk.slack(slack).methods(slack.botToken());
        jo = slack.addUser("jo");
    }

    @Test
    void aForcedRateLimitIsHttp429WithRetryAfterAsTheSdkSurfacesIt() throws Exception {
        slack.failNext("users.info", 2, 7);

        SlackApiException first = catchThrowableOfType(SlackApiException.class, () -> bot.usersInfo(r -> r.user(jo.id())));
        SlackApiException second = catchThrowableOfType(SlackApiException.class, () -> bot.usersInfo(r -> r.user(jo.id())));

        assertThat(first.getResponse().code()).isEqualTo(429);
        assertThat(first.getResponse().header("Retry-After")).isEqualTo("7");
        assertThat(first.getError().getError()).isEqualTo("ratelimited");
        assertThat(second.getResponse().code()).isEqualTo(429);
        assertThat(bot.usersInfo(r -> r.user(jo.id())).isOk()).isTrue();
        assertThat(slack.calls("users.info")).extracting(ApiCall::status).endsWith(429, 429, 200);
    }

    @Test
    void postMessageIsPacedPerChannelAndTheCallLogShowsThePace() throws Exception {
        SlackChannel one = slack.addChannel("paced-one", jo, slack.botUser());
        SlackChannel two = slack.addChannel("paced-two", jo, slack.botUser());

        assertThat(bot.chatPostMessage(r -> r.channel(one.id()).text("1")).isOk()).isTrue();
        SlackApiException tooSoon = catchThrowableOfType(SlackApiException.class,
                () -> bot.chatPostMessage(r -> r.channel(one.id()).text("2")));
        assertThat(bot.chatPostMessage(r -> r.channel(two.id()).text("elsewhere")).isOk()).isTrue();
        Await.until("the channel accepts a second post", Duration.ofSeconds(5), () -> post(one, "2"));

        assertThat(tooSoon.getResponse().code()).isEqualTo(429);
        assertThat(Integer.parseInt(tooSoon.getResponse().header("Retry-After"))).isEqualTo(1);
        assertThat(slack.messages(one)).extracting(SlackMessage::text).containsExactly("1", "2");
        List<ApiCall> accepted = slack.calls("chat.postMessage").stream()
                .filter(c -> c.arg("channel").orElse("").equals(one.id()) && c.ok()).toList();
        assertThat(Duration.between(accepted.get(0).at(), accepted.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void pacingCanBeTurnedOff() throws Exception {
        SlackChannel room = slack.addChannel("unpaced", jo, slack.botUser());
        slack.postMessageInterval(Duration.ZERO);
        try {
            for (int i = 0; i < 5; i++) {
                String text = "burst " + i;
                assertThat(bot.chatPostMessage(r -> r.channel(room.id()).text(text)).isOk()).isTrue();
            }
        } finally {
            slack.postMessageInterval(Duration.ofSeconds(1));
        }
        assertThat(slack.messages(room)).hasSize(5);
    }

    @Test
    void historyPagesCanBeCappedAsForAppsOutsideTheMarketplace() throws Exception {
        SlackChannel room = slack.addChannel("capped", jo, slack.botUser());
        for (int i = 0; i < 20; i++) {
            slack.post(jo, room, "m" + i);
        }
        slack.historyPageCap(15);
        try {
            var page = bot.conversationsHistory(r -> r.channel(room.id()).limit(100));
            assertThat(page.getMessages()).hasSize(15);
            assertThat(page.isHasMore()).isTrue();
        } finally {
            slack.historyPageCap(999);
        }
    }

    private static boolean post(SlackChannel channel, String text) {
        try {
            return bot.chatPostMessage(r -> r.channel(channel.id()).text(text)).isOk();
        } catch (SlackApiException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
