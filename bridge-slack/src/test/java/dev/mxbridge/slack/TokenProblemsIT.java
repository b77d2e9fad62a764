package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackMessage;
import dev.mxbridge.testkit.slack.SlackUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens that stop working are told, never left to fail quietly: a user's revoked or short-scoped token to that
 * user, the bot's to the bridge's admins and in the bridge's metrics.
 */
class TokenProblemsIT {
    static final Path DIR = SlackItSupport.dir("slack-tokens");

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    /** The bot's token lacks reactions:write. */
    static final String botToken = slack.issueBotToken(FakeSlack.DEFAULT_BOT_SCOPES.stream()
            .filter(s -> !s.equals("reactions:write")).toArray(String[]::new));

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, () -> botToken,
            port -> SlackItSupport.puppeting(slack, port) + "user_scopes: 'channels:history,channels:read,chat:write,users:read'\n");

    static TestUser admin;
    /** The rooms each user joined on the bot's invite. */
    static final Map<String, Set<String>> JOINED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        slack.postMessageInterval(Duration.ZERO);
        admin = hs.registerUser("admin");
    }

    /** Joins the rooms the bot invites {@code user} to until one has a notice containing {@code text}. */
    private static void awaitNotice(TestUser user, String text) {
        Set<String> rooms = JOINED.computeIfAbsent(user.userId(), u -> ConcurrentHashMap.newKeySet());
        await("a notice to " + user.userId() + " saying " + text, () -> {
            user.invites().forEach(r -> rooms.add(user.join(r)));
            return rooms.stream().anyMatch(r -> user.messages(r, 20).stream().anyMatch(e ->
                    e.path("sender").asString().equals("@_slack_bot:localhost")
                            && e.path("content").path("msgtype").asString().equals("m.notice")
                            && e.path("content").path("body").asString().contains(text)));
        });
    }

    @Test
    void aUsersRevokedTokenAndMissingScopeAreToldToThem() {
        SlackUser sam = slack.addUser("sam");
        SlackChannel channel = slack.addChannel("user-tokens", sam, slack.botUser());
        TestUser hana = hs.registerUser();
        SlackItSupport.login(hana, slack, sam);
        String room = hana.join(alias("user-tokens"));
        SlackMessage post = slack.post(sam, channel, "react to this");
        String event = hana.awaitEvent(room, SlackItSupport.body("react to this"), SlackItSupport.WAIT).path("event_id").asString();

        hana.sendEvent(room, "m.reaction", Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", event, "key", "👍")));

        awaitNotice(hana, "Your Slack login lacks a permission (Slack refused reactions.add for want of the scope reactions:write)");
        assertThat(slack.message(channel.id(), post.ts()).orElseThrow().reactions()).isEmpty();

        String token = slack.userTokens(sam).getFirst();
        slack.revoke(token);

        awaitNotice(hana, "Your Slack login stopped working (Slack answered token_revoked)");
        hana.sendText(room, "after the revocation");
        hana.awaitEvent(room, SlackItSupport.body("Not delivered to Slack: your Slack login stopped working; log in again with login"),
                SlackItSupport.WAIT);
        assertThat(slack.calls("chat.postMessage")).as("a dead token is not tried again")
                .noneMatch(call -> call.token().equals(Optional.of(token)));
    }

    @Test
    void theBotsMissingScopeAndRevokedTokenAreToldToTheAdminsAndShownInTheMetrics() throws Exception {
        SlackUser una = slack.addUser("una");
        SlackChannel channel = slack.addChannel("bot-tokens", una, slack.botUser());
        TestUser rae = hs.registerUser();
        String room = rae.join(alias("bot-tokens"));
        slack.post(una, channel, "the bot reacts for rae");
        String event = rae.awaitEvent(room, SlackItSupport.body("the bot reacts for rae"), SlackItSupport.WAIT).path("event_id").asString();
        assertThat(metrics()).contains("slack_bot_token_ok 1.0");

        rae.sendEvent(room, "m.reaction", Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", event, "key", "👍")));

        awaitNotice(admin, "The Slack bridge's bot lacks a scope (Slack refused reactions.add for want of the scope reactions:write)");
        assertThat(metrics()).as("a missing scope is not a dead token").contains("slack_bot_token_ok 1.0");

        slack.revoke(botToken);

        awaitNotice(admin, "The Slack bridge's bot token stopped working (Slack answered token_revoked)");
        assertThat(metrics()).contains("slack_bot_token_ok 0.0");
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).as("/ready while Slack refuses the bot token").isEqualTo(503);
        assertThat(ready.body()).contains("Slack refused the bot token");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + it.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics() throws Exception {
        return get("/metrics").body();
    }
}
