package dev.mxbridge.slack;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.network.Localparts;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.slack.FakeSlack;
import dev.mxbridge.testkit.slack.SlackUser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import dev.mxbridge.testkit.Homeserver;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** The Slack bridge under test (one {@link BridgeUnderTest} extension), its configuration, and small helpers for its end-to-end tests. */
final class SlackItSupport {
    static final Duration WAIT = Duration.ofSeconds(30);

    private SlackItSupport() {
    }

    static Path dir(String name) {
        try {
            Path dir = Path.of("target", "it", name).toAbsolutePath();
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Synapse of a test class kept in {@code dir}, loading the registration {@link #bridge} writes there. */
    static Homeserver synapse(Path dir) {
        return Homeserver.synapse().registration(dir.resolve("registration.yaml")).build();
    }

    /**
     * The Slack bridge under test as one extension (register only it): before the class it writes the registration,
     * starts {@code hs}, then {@code slack}, then the bridge against them on a fresh H2 database; after it, stops them in
     * reverse order. {@code moreNetwork} adds lines to {@code network:}; it is asked when the bridge starts, with the
     * bridge's port (its public base URL in tests that serve pages).
     */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, FakeSlack slack, IntFunction<String> moreNetwork) {
        return bridge(dir, hs, slack, slack::botToken, moreNetwork);
    }

    /** As {@link #bridge(Path, Homeserver, FakeSlack, IntFunction)}, with fixed extra lines. */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, FakeSlack slack, String moreNetwork) {
        return bridge(dir, hs, slack, port -> moreNetwork);
    }

    /** As {@link #bridge(Path, Homeserver, FakeSlack, IntFunction)}, with another bot token (asked for at start). */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, FakeSlack slack, Supplier<String> botToken,
                                          IntFunction<String> moreNetwork) {
        AtomicReference<BridgeUnderTest<Bridge>> self = new AtomicReference<>();
        BridgeUnderTest<Bridge> it = BridgeUnderTest.<Bridge>builder("slack", dir, hs).server(slack)
                .network(() -> networkYaml(slack, botToken.get()) + moreNetwork.apply(self.get().port()))
                .start(setup -> SlackBridge.start(ConfigYaml.parse(setup.configYaml(), setup.dir(), Map.of(), "slack"), Map.of()));
        self.set(it);
        return it;
    }

    /** The {@code network:} lines for puppeting through the fake's OAuth: the bridge on {@code port} serves the login page. */
    static String puppeting(FakeSlack slack, int port) {
        return """
                public_base_url: 'http://127.0.0.1:%d'
                client_id: '%s'
                client_secret: '%s'
                authorize_url: '%s'
                """.formatted(port, slack.app().clientId(), slack.app().clientSecret(), slack.authorizeUrl());
    }

    /** The {@code network:} lines pointing the bridge at the fake with this bot token. */
    static String networkYaml(FakeSlack slack, String botToken) {
        return """
                api_url: '%s'
                bot_token: '%s'
                app_token: '%s'
                signing_secret: '%s'
                reconnect_min: 100ms
                reconnect_max: 2s
                """.formatted(slack.methodsUrl(), botToken, slack.appToken(), slack.app().signingSecret());
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    static Predicate<JsonNode> body(String sender, String text) {
        return e -> e.path("sender").asString().equals(sender) && e.path("content").path("body").asString().equals(text);
    }

    static Predicate<JsonNode> body(String text) {
        return e -> e.path("content").path("body").asString().equals(text);
    }

    static String ghost(String slackUserId) {
        return "@_slack_" + Localparts.escape(slackUserId) + ":localhost";
    }

    /**
     * Logs {@code user} in to Slack as {@code as} through the bridge's login page (a DM with the bot, {@code login},
     * the link, Slack's approval, the callback), as a browser would; returns the DM with the bot.
     */
    static String login(TestUser user, FakeSlack slack, SlackUser as) {
        String dm = user.createRoom(RoomOptions.create().invite("@_slack_bot:localhost"));
        await("the bot in the DM", () -> user.joinedMembers(dm).containsKey("@_slack_bot:localhost"));
        user.sendText(dm, "!slack login");
        JsonNode answer = user.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("/slack/login/"), WAIT);
        Matcher link = Pattern.compile("https?://\\S+/slack/login/\\S+").matcher(answer.path("content").path("body").asString());
        if (!link.find()) {
            throw new AssertionError("no login link in " + answer);
        }
        HttpResponse<String> toSlack = get(link.group());
        URI callback = slack.oauth().approve(URI.create(toSlack.headers().firstValue("Location").orElseThrow()), as);
        if (get(callback.toString()).statusCode() != 200) {
            throw new AssertionError("the login's callback failed");
        }
        user.awaitEvent(dm, e -> e.path("content").path("body").asString().contains("Logged in to Slack as " + as.id()), WAIT);
        return dm;
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String alias(String channel) {
        return "#_slack_fake-slack_" + channel + ":localhost";
    }
}
