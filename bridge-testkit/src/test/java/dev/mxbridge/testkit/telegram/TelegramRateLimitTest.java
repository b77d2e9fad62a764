package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

class TelegramRateLimitTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.create();

    @Test
    void aSecondMessageInTheSameSecondGets429WithRetryAfter() throws Exception {
        FakeBot bot = telegram.newBot("hasty_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        alice.startBot(bot);
        OkHttpTelegramClient client = client(telegram, bot);

        client.execute(SendMessage.builder().chatId(alice.id()).text("one").build());
        TelegramApiRequestException error = apiError(() -> client.execute(SendMessage.builder().chatId(alice.id())
                .text("two").build()));

        assertThat(error.getErrorCode()).isEqualTo(429);
        assertThat(error.getApiResponse()).isEqualTo("Too Many Requests: retry after 1");
        assertThat(error.getParameters().getRetryAfter()).isEqualTo(1);
    }

    @Test
    void aGroupTakesTwentyMessagesAMinute() throws Exception {
        FakeBot bot = telegram.newBot("chatty_bot").create();
        FakeChat group = telegram.newGroup("Busy").bots(bot).create();
        OkHttpTelegramClient client = client(telegram, bot);

        for (int i = 0; i < 20; i++) {
            client.execute(SendMessage.builder().chatId(group.id()).text("message " + i).build());
            telegram.advanceClock(Duration.ofMillis(1100)); // keeps within one a second, not within twenty a minute
        }
        TelegramApiRequestException error = apiError(() -> client.execute(SendMessage.builder().chatId(group.id())
                .text("one too many").build()));

        assertThat(error.getErrorCode()).isEqualTo(429);
        assertThat(error.getParameters().getRetryAfter()).isBetween(37, 39);
        telegram.advanceClock(Duration.ofSeconds(error.getParameters().getRetryAfter()));
        client.execute(SendMessage.builder().chatId(group.id()).text("after waiting").build());
        assertThat(group.messages()).hasSize(21);
    }

    @Test
    void throttleNextScriptsA429ThatTheLibrarySurfacesWithItsRetryAfter() throws Exception {
        FakeBot bot = telegram.newBot("scripted_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        alice.startBot(bot);
        OkHttpTelegramClient client = client(telegram, bot);
        telegram.throttleNext("sendMessage", 2, 7);

        List<TelegramApiRequestException> errors = List.of(
                apiError(() -> client.execute(SendMessage.builder().chatId(alice.id()).text("a").build())),
                apiError(() -> client.execute(SendMessage.builder().chatId(alice.id()).text("b").build())));
        client.execute(SendMessage.builder().chatId(alice.id()).text("c").build());

        assertThat(errors).allSatisfy(e -> {
            assertThat(e.getErrorCode()).isEqualTo(429);
            assertThat(e.getParameters().getRetryAfter()).isEqualTo(7);
        });
        assertThat(alice.chatWith(bot).messages()).extracting(m -> m.text().orElseThrow()).containsExactly("/start", "c");
        assertThat(telegram.calls("sendMessage").stream().filter(c -> c.botId() == bot.id()).map(RecordedCall::status))
                .containsExactly(429, 429, 200);
    }

    @Test
    void limitsCanBeTurnedOff() throws Exception {
        FakeBot bot = telegram.newBot("unlimited_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        alice.startBot(bot);
        OkHttpTelegramClient client = client(telegram, bot);
        telegram.rateLimits(RateLimits.none());
        try {
            for (int i = 0; i < 5; i++) {
                client.execute(SendMessage.builder().chatId(alice.id()).text("burst " + i).build());
            }
        } finally {
            telegram.rateLimits(RateLimits.telegram());
        }

        assertThat(alice.chatWith(bot).messages()).hasSize(6);
    }
}
