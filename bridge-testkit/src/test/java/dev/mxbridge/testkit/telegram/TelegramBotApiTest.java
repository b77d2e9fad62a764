package dev.mxbridge.testkit.telegram;

import static dev.mxbridge.testkit.telegram.TelegramFixtures.apiError;
import static dev.mxbridge.testkit.telegram.TelegramFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import tools.jackson.databind.JsonNode;

class TelegramBotApiTest {
    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    @Test
    void getMeDescribesTheBotWithItsBotFatherSettings() throws Exception {
        FakeBot bot = telegram.newBot("me_test_bot").firstName("Relay").canReadAllGroupMessages(true)
                .canConnectToBusiness(true).create();

        User me = client(telegram, bot).execute(new GetMe());

        assertThat(me.getId()).isEqualTo(bot.id());
        assertThat(me.getIsBot()).isTrue();
        assertThat(me.getFirstName()).isEqualTo("Relay");
        assertThat(me.getUserName()).isEqualTo("me_test_bot");
        assertThat(me.getCanReadAllGroupMessages()).isTrue();
        assertThat(me.getCanJoinGroups()).isTrue();
        assertThat(me.getSupportInlineQueries()).isFalse();
        assertThat(me.getCanConnectToBusiness()).isTrue();
        assertThat(bot.token()).startsWith(bot.id() + ":");
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        TelegramApiRequestException error = apiError(() -> client(telegram, "123:nope").execute(new GetMe()));

        assertThat(error.getErrorCode()).isEqualTo(401);
        assertThat(error.getApiResponse()).isEqualTo("Unauthorized");
    }

    @Test
    void anUnknownMethodIsNotFound() throws Exception {
        FakeBot bot = telegram.newBot("unknown_method_bot").create();

        HttpResponse<String> response = TelegramFixtures.post(
                URI.create(telegram.baseUrl() + "/bot" + bot.token() + "/sendTelepathy"), "application/json", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = Params.JSON.readTree(response.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("error_code").asInt()).isEqualTo(404);
        assertThat(body.get("description").asString()).isEqualTo("Not Found");
    }

    @Test
    void parametersComeFromQueryStringFormOrJsonAndMethodNamesIgnoreCase() throws Exception {
        FakeBot bot = telegram.newBot("params_bot").create();
        FakeUser alice = telegram.newUser("Alice").create();
        alice.startBot(bot);
        String base = telegram.baseUrl() + "/bot" + bot.token();

        HttpResponse<String> query = TelegramFixtures.post(URI.create(base + "/SENDMESSAGE?chat_id=" + alice.id()
                + "&text=via%20query"), "text/plain", "");
        HttpResponse<String> form = TelegramFixtures.post(URI.create(base + "/sendmessage"),
                "application/x-www-form-urlencoded", "chat_id=" + alice.id() + "&text=via+form");
        HttpResponse<String> json = TelegramFixtures.post(URI.create(base + "/sendMessage"), "application/json",
                "{\"chat_id\":" + alice.id() + ",\"text\":\"via json\",\"reply_parameters\":{\"message_id\":1}}");

        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(alice.chatWith(bot).messages()).extracting(m -> m.text().orElseThrow())
                .containsExactly("/start", "via query", "via form", "via json");
        assertThat(alice.chatWith(bot).messages().getLast().replyToMessageId()).contains(1);
    }

    @Test
    void everyCallIsRecordedWithItsParametersAndOutcome() throws Exception {
        FakeBot bot = telegram.newBot("recorded_bot").create();
        FakeUser bob = telegram.newUser("Bob").create();
        bob.startBot(bot);
        OkHttpTelegramClient client = client(telegram, bot);

        client.execute(SendMessage.builder().chatId(bob.id()).text("one").build());
        apiError(() -> client.execute(SendMessage.builder().chatId(-42L).text("two").build()));

        var calls = telegram.calls("sendMessage").stream().filter(c -> c.botId() == bot.id()).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).succeeded()).isTrue();
        assertThat(calls.get(0).chatId()).contains(bob.id());
        assertThat(calls.get(0).param("text")).contains("one");
        assertThat(calls.get(1).status()).isEqualTo(400);
        assertThat(calls.get(1).description()).isEqualTo("Bad Request: chat not found");
        assertThat(calls.get(1).at()).isAfterOrEqualTo(calls.get(0).at());
    }

    @Test
    void aBotCannotWriteFirstToAUserWhoNeverStartedIt() throws Exception {
        FakeBot bot = telegram.newBot("shy_bot").create();
        FakeUser carol = telegram.newUser("Carol").create();

        TelegramApiRequestException error = apiError(() -> client(telegram, bot)
                .execute(SendMessage.builder().chatId(carol.id()).text("hi").build()));

        assertThat(error.getErrorCode()).isEqualTo(403);
        assertThat(error.getApiResponse()).isEqualTo("Forbidden: bot can't initiate conversation with a user");
        Message after = client(telegram, bot).execute(SendMessage.builder()
                .chatId(carol.startBot(bot).id()).text("hi").build());
        assertThat(after.getChatId()).isEqualTo(carol.id());
    }
}
