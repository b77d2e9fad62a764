package dev.mxbridge.slack;

import static dev.mxbridge.slack.SlackItSupport.alias;
import static dev.mxbridge.slack.SlackItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.Browser;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.ApiCall;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackChannel;
import dev.mxbridge.testkit.slack.SlackMessage;
import dev.mxbridge.testkit.slack.SlackUser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Puppeting through the bridge's OAuth v2 login page, and virtual users' avatars served from the public base URL. */
class PuppetingIT {
    static final Path DIR = SlackItSupport.dir("slack-puppets");
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static final Homeserver hs = SlackItSupport.synapse(DIR);
    static final FakeSlack slack = FakeSlack.create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = SlackItSupport.bridge(DIR, hs, slack, port -> SlackItSupport.puppeting(slack, port));
    static final String BASE = "http://127.0.0.1:" + it.port();
    /** Where the bridge serves its Slack pages: under the core's prefix for the network. */
    static final String WEB = BASE + "/_mxbridge/slack";

    @RegisterExtension
    static Browser browser = new Browser();

    static SlackUser sam;

    @BeforeAll
    static void start() {
        slack.postMessageInterval(Duration.ZERO);
        sam = slack.addUser("sam", "Sam Stone");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aUserLogsInThroughTheLoginPageAndIsThenPostedAsTheirSlackSelf() throws Exception {
        TestUser hana = hs.registerUser();
        String dm = hana.createRoom(RoomOptions.create().invite("@_slack_bot:localhost"));
        await("the bot in the DM", () -> hana.joinedMembers(dm).containsKey("@_slack_bot:localhost"));
        Function<String, JsonNode> reply = text -> hana.awaitEvent(dm, e -> e.path("sender").asString().equals("@_slack_bot:localhost")
                && e.path("content").path("body").asString().contains(text), SlackItSupport.WAIT);

        hana.sendText(dm, "!slack login");
        Matcher link = Pattern.compile(Pattern.quote(WEB) + "/login/\\S+").matcher(reply.apply("/slack/login/").path("content").path("body").asString());
        assertThat(link.find()).isTrue();
        HttpResponse<String> toSlack = get(link.group());
        assertThat(toSlack.statusCode()).isEqualTo(302);
        URI callback = slack.oauth().approve(URI.create(toSlack.headers().firstValue("Location").orElseThrow()), sam);
        HttpResponse<String> done = get(callback.toString());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("You are logged in to Slack").doesNotContain("<script");
        reply.apply("Logged in to Slack as " + sam.id());
        assertThat(get(link.group()).statusCode()).as("a login link works once").isEqualTo(404);

        SlackChannel channel = slack.addChannel("puppets", sam, slack.botUser());
        String room = hana.join(alias("puppets"));
        hana.sendText(room, "hello as myself");
        await("the post", () -> slack.messages(channel).stream().anyMatch(m -> m.text().equals("hello as myself")));
        SlackMessage mine = slack.messages(channel).stream().filter(m -> m.text().equals("hello as myself")).findFirst().orElseThrow();
        assertThat(mine.user()).as("posted with sam's own token").isEqualTo(sam.id());
        assertThat(mine.username()).isEmpty();
        slack.post(sam, channel, "typed in slack");
        hana.awaitEvent(room, e -> e.path("content").path("body").asString().equals("typed in slack"), SlackItSupport.WAIT);
        assertThat(hana.messages(room, 50)).filteredOn(e -> e.path("content").path("body").asString().equals("hello as myself"))
                .as("the puppet's own post is not bridged back").hasSize(1);

        SlackChannel plumbed = slack.addChannel("puppet-topics", sam, slack.botUser());
        String own = hana.createRoom(RoomOptions.create().invite("@_slack_bot:localhost"));
        await("the bot in the room", () -> hana.joinedMembers(own).containsKey("@_slack_bot:localhost"));
        hana.sendText(own, "!slack link #puppet-topics");
        hana.awaitEvent(own, e -> e.path("content").path("body").asString().startsWith("Linked this room"), SlackItSupport.WAIT);
        hana.sendState(own, "m.room.topic", "", Map.of("topic", "set from matrix"));
        await("the Slack topic", () -> slack.channel(plumbed.id()).topic().equals("set from matrix"));

        hana.sendText(dm, "!slack login-matrix " + hana.accessToken());
        reply.apply("Double puppeting is on");
        slack.post(sam, channel, "native and double-puppeted");
        JsonNode nativePost = hana.awaitEvent(room, e -> e.path("content").path("body").asString().equals("native and double-puppeted"), SlackItSupport.WAIT);
        assertThat(nativePost.path("sender").asString()).as("from hana's real account").isEqualTo(hana.userId());

        hana.sendText(dm, "!slack logout");
        await("the token revoked", () -> slack.calls("auth.revoke").stream().anyMatch(ApiCall::ok));
    }

    @Test
    void aUserLogsInFromTheBotsLinkInAHeadlessBrowser() throws Exception {
        SlackUser uma = slack.addUser("uma", "Uma Ray");
        TestUser jo = hs.registerUser();
        String dm = jo.createRoom(RoomOptions.create().invite("@_slack_bot:localhost"));
        await("the bot in the DM", () -> jo.joinedMembers(dm).containsKey("@_slack_bot:localhost"));
        jo.sendText(dm, "!slack login");
        JsonNode answer = jo.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("/slack/login/"), SlackItSupport.WAIT);
        Matcher link = Pattern.compile(Pattern.quote(WEB) + "/login/\\S+").matcher(answer.path("content").path("body").asString());
        assertThat(link.find()).isTrue();

        browser.open(link.group());
        assertThat(browser.url()).as("the bridge sent the browser to Slack's authorize page").startsWith(slack.authorizeUrl());
        assertThat(browser.text()).contains("Uma Ray");
        browser.click(By.cssSelector("input[name=user][value='" + uma.id() + "']")).click(By.id("allow"));
        assertThat(browser.url()).startsWith(WEB + "/oauth/callback");
        assertThat(browser.text()).contains("You are logged in to Slack");
        browser.screenshot(DIR.resolve("login-done.png"));
        jo.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("Logged in to Slack as " + uma.id()), SlackItSupport.WAIT);
    }

    @Test
    void aLoginCancelledOnSlackSaysSoInWords() throws Exception {
        TestUser ida = hs.registerUser();
        String dm = ida.createRoom(RoomOptions.create().invite("@_slack_bot:localhost"));
        await("the bot in the DM", () -> ida.joinedMembers(dm).containsKey("@_slack_bot:localhost"));
        ida.sendText(dm, "!slack login");
        JsonNode answer = ida.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("/slack/login/"), SlackItSupport.WAIT);
        Matcher link = Pattern.compile("/slack/login/(\\S+)").matcher(answer.path("content").path("body").asString());
        assertThat(link.find()).isTrue();

        HttpResponse<String> page = get(WEB + "/oauth/callback?error=access_denied&state=" + link.group(1));

        assertThat(page.body()).contains("You did not allow the app");
        ida.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("Login failed: Slack sign-in was cancelled"), SlackItSupport.WAIT);
    }

    @Test
    void aVirtualUsersAvatarIsServedUnderASignedPublicLink() throws Exception {
        TestUser bob = hs.registerUser();
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
        String mxc = bob.upload(png, "image/png", "bob.png");
        bob.setDisplayName("Bob Avatar");
        HttpResponse<String> set = HTTP.send(HttpRequest.newBuilder(hs.baseUrl().resolve("/_matrix/client/v3/profile/"
                        + URLEncoder.encode(bob.userId(), StandardCharsets.UTF_8) + "/avatar_url"))
                .header("Authorization", "Bearer " + bob.accessToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"avatar_url\":\"" + mxc + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        SlackChannel channel = slack.addChannel("avatars", sam, slack.botUser());
        String room = bob.join(alias("avatars"));

        bob.sendText(room, "look at my face");

        await("the post", () -> slack.messages(channel).stream().anyMatch(m -> m.text().equals("look at my face")));
        SlackMessage post = slack.messages(channel).stream().filter(m -> m.text().equals("look at my face")).findFirst().orElseThrow();
        assertThat(post.username()).contains("Bob Avatar");
        String icon = post.iconUrl().orElseThrow();
        assertThat(icon).startsWith(WEB + "/avatar/");
        HttpResponse<byte[]> image = HTTP.send(HttpRequest.newBuilder(URI.create(icon)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(png);
        assertThat(get(icon.replaceFirst("/slack/avatar/[^/]+/", "/slack/avatar/forged/")).statusCode()).isEqualTo(404);
    }
}
