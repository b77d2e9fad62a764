package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.updates;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import tools.jackson.databind.JsonNode;

class TelegramUpdatesTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    @Test
    void unconfirmedUpdatesComeAgainAndConfirmedOnesNever() throws Exception {
        FakeBot bot = telegram.newBot("offset_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        FakeChat chat = alice.chatWith(bot);
        OkHttpTelegramClient client = client(telegram, bot);
        chat.from(alice).text("one");
        chat.from(alice).text("two");

        List<Update> first = updates(client, 0);
        List<Update> again = updates(client, 0);
        chat.from(alice).text("three");
        List<Update> afterConfirming = updates(client, first.get(1).getUpdateId() + 1);
        List<Update> fromStart = updates(client, 0);

        assertThat(first).extracting(u -> u.getMessage().getText()).containsExactly("one", "two");
        assertThat(again).extracting(Update::getUpdateId).isEqualTo(first.stream().map(Update::getUpdateId).toList());
        assertThat(afterConfirming).extracting(u -> u.getMessage().getText()).containsExactly("three");
        assertThat(fromStart).extracting(u -> u.getMessage().getText()).containsExactly("three");
        assertThat(afterConfirming.getFirst().getUpdateId()).isEqualTo(first.get(1).getUpdateId() + 1);
    }

    @Test
    void aNegativeOffsetKeepsOnlyTheLastUpdates() throws Exception {
        FakeBot bot = telegram.newBot("negative_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        FakeChat chat = alice.chatWith(bot);
        for (String text : List.of("a", "b", "c")) {
            chat.from(alice).text(text);
        }

        List<Update> last = updates(client(telegram, bot), -1);

        assertThat(last).extracting(u -> u.getMessage().getText()).containsExactly("c");
        assertThat(updates(client(telegram, bot), 0)).extracting(u -> u.getMessage().getText()).containsExactly("c");
    }

    @Test
    void aLongPollReturnsAsSoonAsAUserWrites() throws Exception {
        FakeBot bot = telegram.newBot("long_poll_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        FakeChat chat = alice.chatWith(bot);
        OkHttpTelegramClient client = client(telegram, bot);
        long start = System.nanoTime();

        CompletableFuture<ArrayList<Update>> poll = client.executeAsync(GetUpdates.builder().timeout(30).build());
        bot.awaitLongPoll(Duration.ofSeconds(10));
        chat.from(alice).text("wake up");
        List<Update> updates = poll.get(10, TimeUnit.SECONDS);

        assertThat(updates).extracting(u -> u.getMessage().getText()).containsExactly("wake up");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aLongPollWithNothingToSayReturnsEmptyAfterItsTimeout() throws Exception {
        FakeBot bot = telegram.newBot("quiet_bot").create();

        List<Update> updates = client(telegram, bot).execute(GetUpdates.builder().timeout(1).build());

        assertThat(updates).isEmpty();
        assertThat(telegram.calls("getUpdates").getLast().succeeded()).isTrue();
    }

    @Test
    void aSecondPollEndsTheFirstWithConflict() throws Exception {
        FakeBot bot = telegram.newBot("twice_bot").create();
        OkHttpTelegramClient client = client(telegram, bot);

        CompletableFuture<ArrayList<Update>> first = client.executeAsync(GetUpdates.builder().timeout(30).build());
        bot.awaitLongPoll(Duration.ofSeconds(10));
        client.execute(GetUpdates.builder().timeout(0).build());

        Throwable failure = first.handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(TelegramApiRequestException.class);
        assertThat(((TelegramApiRequestException) failure).getErrorCode()).isEqualTo(409);
        assertThat(((TelegramApiRequestException) failure).getApiResponse())
                .startsWith("Conflict: terminated by other getUpdates request");
    }

    @Test
    void allowedUpdatesAreRememberedAndApplyToLaterUpdates() throws Exception {
        FakeBot bot = telegram.newBot("allowed_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        FakeChat chat = alice.chatWith(bot);
        OkHttpTelegramClient client = client(telegram, bot);
        FakeMessage hello = chat.from(alice).text("hello");

        client.execute(GetUpdates.builder().timeout(0).allowedUpdate("message_reaction").build());
        chat.from(alice).text("not wanted now");
        chat.react(alice, hello, "👍");
        // without allowed_updates (the library always sends a list, so raw HTTP): the choice stays
        HttpResponse<String> later = TelegramFixtures.post(URI.create(telegram.baseUrl() + "/bot" + bot.token()
                + "/getUpdates"), "application/json", "{\"offset\":0}");

        assertThat(bot.allowedUpdates()).containsExactly("message_reaction");
        JsonNode updates = Params.JSON.readTree(later.body()).get("result");
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).get("message").get("text").asString()).isEqualTo("hello"); // queued before
        assertThat(updates.get(1).get("message_reaction").get("new_reaction").get(0).get("emoji").asString())
                .isEqualTo("👍");
        assertThat(client.execute(new GetWebhookInfo()).getAllowedUpdates()).containsExactly("message_reaction");
    }

    @Test
    void theLibrarysEmptyAllowedUpdatesListMeansTheDefaultTypesAgain() throws Exception {
        FakeBot bot = telegram.newBot("reset_bot").create();
        OkHttpTelegramClient client = client(telegram, bot);
        client.execute(GetUpdates.builder().timeout(0).allowedUpdate("message_reaction").build());

        client.execute(GetUpdates.builder().timeout(0).build()); // serialises "allowed_updates":[]

        assertThat(bot.allowedUpdates()).contains("message").doesNotContain("message_reaction", "chat_member");
    }

    @Test
    void getUpdatesIsAConflictWhileAWebhookIsSet() throws Exception {
        FakeBot bot = telegram.newBot("hooked_bot").create();
        OkHttpTelegramClient client = client(telegram, bot);
        client.execute(SetWebhook.builder()
                .url("http://127.0.0.1:9/hook").build());

        TelegramApiRequestException error = apiError(() -> updates(client, 0));

        assertThat(error.getErrorCode()).isEqualTo(409);
        assertThat(error.getApiResponse()).isEqualTo("Conflict: can't use getUpdates method while webhook is active; "
                + "use deleteWebhook to delete the webhook first");
    }
}
