package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class SlackAuthTest {
    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();

    @Test
    void authTestAnswersTheBotUserOfTheToken() throws Exception {
        AuthTestResponse answer = Sdk.slack(slack).methods(slack.botToken()).authTest(r -> r);

        assertThat(answer.isOk()).isTrue();
        assertThat(answer.getUserId()).isEqualTo(slack.app().botUserId());
        assertThat(answer.getBotId()).isEqualTo(slack.app().botId());
        assertThat(answer.getTeamId()).isEqualTo(slack.teamId());
        assertThat(answer.getUrl()).isEqualTo(slack.baseUrl());
    }

    @Test
    void aTokenTheFakeNeverIssuedIsInvalidAuth() throws Exception {
        AuthTestResponse answer = Sdk.slack(slack).methods("xoxb-1-2-forged").authTest(r -> r);

        assertThat(answer.isOk()).isFalse();
        assertThat(answer.getError()).isEqualTo("invalid_auth");
    }

    @Test
    void aCallWithoutAnyTokenIsNotAuthed() {
        HttpResponse<String> answer = Sdk.post(slack.methodsUrl() + "auth.test", "application/x-www-form-urlencoded", "");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.parse(answer.body()).path("error").asString()).isEqualTo("not_authed");
    }

    @Test
    void aRevokedTokenIsTokenRevokedAndTheAppHearsOfIt() throws Exception {
        SlackUser carol = slack.addUser("carol");
        String token = slack.issueUserToken(carol, "chat:write");
        MethodsClient client = Sdk.slack(slack).methods(token);
        assertThat(client.authTest(r -> r).isOk()).isTrue();

        slack.revoke(token);

        assertThat(client.authTest(r -> r).getError()).isEqualTo("token_revoked");
        JsonNode revoked = slack.events("tokens_revoked").getLast().path("event");
        assertThat(revoked.path("tokens").path("oauth").get(0).asString()).isEqualTo(carol.id());
    }

    @Test
    void authRevokeRevokesTheCallersOwnToken() throws Exception {
        String token = slack.issueBotToken("chat:write");
        MethodsClient client = Sdk.slack(slack).methods(token);

        assertThat(client.authRevoke(r -> r).isRevoked()).isTrue();
        assertThat(client.authTest(r -> r).getError()).isEqualTo("token_revoked");
    }

    @Test
    void aTokenWithoutTheScopeIsMissingScopeNamingWhatWasNeededAndWhatItHas() throws Exception {
        SlackUser dave = slack.addUser("dave");
        SlackChannel room = slack.addChannel("scopes", dave, slack.botUser());
        String token = slack.issueBotToken("users:read", "channels:read");

        ChatPostMessageResponse answer = Sdk.slack(slack).methods(token)
                .chatPostMessage(r -> r.channel(room.id()).text("hello"));

        assertThat(answer.getError()).isEqualTo("missing_scope");
        assertThat(answer.getNeeded()).isEqualTo("chat:write");
        assertThat(answer.getProvided()).isEqualTo("channels:read,users:read");
        assertThat(slack.messages(room)).isEmpty();
    }

    @Test
    void anAppLevelTokenCannotPostAndABotTokenCannotOpenSocketMode() throws Exception {
        var sdk = Sdk.slack(slack);

        assertThat(sdk.methods(slack.appToken()).chatPostMessage(r -> r.channel("C1").text("x")).getError())
                .isEqualTo("not_allowed_token_type");
        assertThat(sdk.methods(slack.botToken()).appsConnectionsOpen(r -> r).getError())
                .isEqualTo("not_allowed_token_type");
    }

    @Test
    void anAppLevelTokenWithoutConnectionsWriteCannotOpenSocketMode() throws Exception {
        var answer = Sdk.slack(slack).methods(slack.issueAppToken("authorizations:read")).appsConnectionsOpen(r -> r);

        assertThat(answer.getError()).isEqualTo("missing_scope");
        assertThat(answer.getNeeded()).isEqualTo("connections:write");
        assertThat(answer.getProvided()).isEqualTo("authorizations:read");
    }

    @Test
    void theTokenIsTakenFromTheTokenArgumentAsWellAsTheHeader() {
        HttpResponse<String> answer = Sdk.post(slack.methodsUrl() + "auth.test", "application/x-www-form-urlencoded",
                "token=" + slack.botToken());

        assertThat(Json.parse(answer.body()).path("ok").asBoolean()).isTrue();
        assertThat(slack.calls("auth.test").getLast().token()).contains(slack.botToken());
    }

    @Test
    void anUnknownMethodIsUnknownMethod() {
        HttpResponse<String> answer = Sdk.post(slack.methodsUrl() + "chat.fly", "application/x-www-form-urlencoded",
                "", "Authorization", "Bearer " + slack.botToken());

        JsonNode body = Json.parse(answer.body());
        assertThat(body.path("error").asString()).isEqualTo("unknown_method");
        assertThat(body.path("req_method").asString()).isEqualTo("chat.fly");
    }
}
