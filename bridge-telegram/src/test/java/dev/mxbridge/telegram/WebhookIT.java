package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook mode, on the bridge's own listener: Telegram's POSTs with the secret are bridged and acknowledged; anyone
 * else's are refused.
 */
class WebhookIT {
    static final Path DIR = ItSupport.dir("telegram-webhook");
    static final String SECRET = "the-right-secret_0123456789";
    static final Homeserver hs = ItSupport.synapse(DIR);
    static final FakeTelegram telegram = ItSupport.fakeTelegram();
    static final FakeBot bot = telegram.newBot("hook_bot").canReadAllGroupMessages(true).create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = ItSupport.bridge(DIR, hs, telegram, bot,
            port -> "mode: webhook\nwebhook: {url: '" + hook(port) + "', secret: " + SECRET + "}");

    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = it.user("Alice");
    }

    /** The webhook on the bridge's own listener at {@code port}. */
    private static URI hook(int port) {
        return URI.create("http://127.0.0.1:" + port + "/_mxbridge/telegram/webhook");
    }

    private static int post(String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hook(it.port())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!secret.isEmpty()) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void updatesComeByWebhookAndAreAcknowledgedOnceStored() {
        FakeUser olga = telegram.newUser("Olga").create();
        FakeChat group = telegram.newGroup("Hooked").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);

        group.from(olga).text("through the hook");

        awaitBody(alice, room, "through the hook"::equals);
        bot.awaitPendingUpdateCount(0, WAIT);
        assertThat(bot.webhookUrl()).contains(hook(it.port()).toString());
        assertThat(telegram.calls("setWebhook").getLast().param("allowed_updates").orElse(""))
                .contains("message_reaction", "chat_member");
    }

    @Test
    void aRequestWithAWrongOrMissingSecretIsRefusedAndNotBridged() throws Exception {
        FakeUser olga = telegram.newUser("Olga").create();
        FakeChat group = telegram.newGroup("Forged").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);
        String forged = """
                {"update_id": 999999, "message": {"message_id": 999, "date": 1700000000,
                 "chat": {"id": %d, "type": "group", "title": "Forged"},
                 "from": {"id": %d, "is_bot": false, "first_name": "Olga"}, "text": "forged message"}}
                """.formatted(group.id(), olga.id());

        assertThat(post("the-wrong-secret_0123456789", forged)).isEqualTo(401);
        assertThat(post("", forged)).isEqualTo(401);
        group.from(olga).text("the real one"); // a later marker

        awaitBody(alice, room, "the real one"::equals);
        assertThat(alice.messages(room, 50)).noneMatch(e -> e.path("content").path("body").asString()
                .equals("forged message"));
    }
}
