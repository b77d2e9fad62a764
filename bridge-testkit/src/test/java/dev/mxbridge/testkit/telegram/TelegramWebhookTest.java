package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramWebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none())
            .webhookRetry(Duration.ofMillis(50), Duration.ofMillis(200)).build();

    private final FakeBot bot = telegram.newBot("hook_" + System.nanoTime() % 100000 + "_bot").create();
    private final FakeUser alice = telegram.newUser("Alice").create();
    private final FakeChat chat = alice.chatWith(bot);
    private final OkHttpTelegramClient client = client(telegram, bot);

    @Test
    void updatesArePostedWithTheSecretHeader() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            client.execute(SetWebhook.builder().url(receiver.url()).secretToken("s3cret_-token").build());

            chat.from(alice).text("hello hook");

            WebhookReceiver.Delivery delivery = receiver.next(WAIT);
            Update update = new ObjectMapper().readValue(delivery.body(), Update.class); // as the library reads one
            assertThat(delivery.secret()).contains("s3cret_-token");
            assertThat(update.getMessage().getText()).isEqualTo("hello hook");
            bot.awaitPendingUpdateCount(0, WAIT);
        }
    }

    @Test
    void withoutASecretThereIsNoHeader() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            client.execute(SetWebhook.builder().url(receiver.url()).build());

            chat.from(alice).text("no secret");

            assertThat(receiver.next(WAIT).secret()).isEmpty();
        }
    }

    @Test
    void aRefusedDeliveryIsRetriedAndReportedInWebhookInfo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(401);
            client.execute(SetWebhook.builder().url(receiver.url()).secretToken("right").build());
            chat.from(alice).text("knock knock");

            String first = receiver.next(WAIT).body();
            String second = receiver.next(WAIT).body();
            WebhookInfo info = client.execute(new GetWebhookInfo());
            receiver.answer(200);
            bot.awaitPendingUpdateCount(0, WAIT);

            assertThat(second).isEqualTo(first);
            assertThat(info.getUrl()).isEqualTo(receiver.url());
            assertThat(info.getPendingUpdatesCount()).isEqualTo(1);
            assertThat(info.getLastErrorMessage()).isEqualTo("Wrong response from the webhook: 401 Unauthorized");
            assertThat(info.getLastErrorDate()).isPositive();
        }
    }

    @Test
    void deletingTheWebhookBringsBackGetUpdatesWithWhatIsPending() throws Exception {
        client.execute(SetWebhook.builder().url("http://127.0.0.1:9/unreachable").build());
        chat.from(alice).text("kept for later");
        TelegramApiRequestException conflict = apiError(() -> updates(client, 0));

        boolean deleted = client.execute(new DeleteWebhook());

        assertThat(conflict.getErrorCode()).isEqualTo(409);
        assertThat(deleted).isTrue();
        assertThat(updates(client, 0)).extracting(u -> u.getMessage().getText()).containsExactly("kept for later");
        assertThat(client.execute(new GetWebhookInfo()).getUrl()).isEmpty();
    }

    @Test
    void aSecretWithForbiddenCharactersIsRefused() throws Exception {
        // the library checks the secret before sending, so this goes over raw HTTP
        HttpResponse<String> response = TelegramFixtures.post(URI.create(telegram.baseUrl() + "/bot" + bot.token()
                + "/setWebhook"), "application/x-www-form-urlencoded", "url=http://127.0.0.1:9/hook&secret_token=a+b");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Params.JSON.readTree(response.body()).get("description").asString())
                .isEqualTo("Bad Request: secret token contains unallowed characters");
    }
}
