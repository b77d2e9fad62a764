package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.slack.FakeSlack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code check-config} asks Slack about the configured tokens ({@code auth.test}) and names missing scopes. */
class CheckConfigIT {
    static final Path DIR = SlackItSupport.dir("slack-check-config");

    @RegisterExtension
    static FakeSlack slack = FakeSlack.create();

    private record Result(int exitCode, String output) {
    }

    private static Result check(String botToken, String appToken, String more) throws IOException {
        Path config = DIR.resolve("config-" + System.nanoTime() + ".yaml");
        Files.writeString(config, BridgeUnderTest.baseConfigYaml(URI.create("http://127.0.0.1:1"), 1, DIR.resolve("db")) + """
                network:
                  api_url: '%s'
                  bot_token: '%s'
                  app_token: '%s'
                %s
                """.formatted(slack.methodsUrl(), botToken, appToken, more));
        StringWriter out = new StringWriter();
        int code = SlackBridge.checkConfig(new String[] {"check-config", "-c", config.toString()}, Map.of(), new PrintWriter(out));
        return new Result(code, out.toString());
    }

    @Test
    void aBotTokenWithEveryScopeAndAWorkingAppTokenPass() throws IOException {
        Result result = check(slack.botToken(), slack.appToken(), "");

        assertThat(result.output()).contains("ok: the bot token works: bot user " + slack.botUser().id())
                .contains("ok: the bot token has every scope the bridge needs")
                .contains("ok: the app-level token opens Socket Mode connections")
                .contains("the Slack configuration works")
                .doesNotContain("cannot answer Slack users who write to it directly");
        assertThat(result.exitCode()).isZero();
        assertThat(slack.calls("auth.test")).isNotEmpty();
    }

    @Test
    void missingScopesAreNamed() throws IOException {
        String narrow = slack.issueBotToken("channels:history", "channels:read", "chat:write", "users:read");

        Result result = check(narrow, slack.appToken(), "");

        assertThat(result.output()).contains("error: the bot token lacks the scope(s) chat:write.customize, emoji:read, "
                + "files:read, files:write, groups:history, groups:read, reactions:read, reactions:write, team:read")
                .contains("warning: the bot token lacks im:history, im:read: the bot cannot answer Slack users who "
                        + "write to it directly");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutVirtualUsersTheCustomizeScopeIsNotNeeded() throws IOException {
        String noCustomize = slack.issueBotToken(FakeSlack.DEFAULT_BOT_SCOPES.stream()
                .filter(s -> !s.equals("chat:write.customize")).toArray(String[]::new));

        assertThat(check(noCustomize, slack.appToken(), "  virtual_users: false").exitCode()).isZero();
        assertThat(check(noCustomize, slack.appToken(), "").output()).contains("lacks the scope(s) chat:write.customize:");
    }

    @Test
    void teamSyncNeedsChannelsJoinAndNarrowUserScopesAreWarnedOf() throws IOException {
        String noJoin = slack.issueBotToken(FakeSlack.DEFAULT_BOT_SCOPES.stream()
                .filter(s -> !s.equals("channels:join")).toArray(String[]::new));

        assertThat(check(noJoin, slack.appToken(), "").exitCode()).isZero();
        Result synced = check(noJoin, slack.appToken(), "  team_sync: true\n  client_id: 'c'\n  user_scopes: 'chat:write,users:read'");
        assertThat(synced.output()).contains("error: the bot token lacks the scope(s) channels:join:")
                .contains("warning: network.user_scopes leaves out channels:history,");
        assertThat(synced.exitCode()).isEqualTo(1);
    }

    @Test
    void revokedAndUnknownTokensAreReported() throws IOException {
        String revoked = slack.issueBotToken(FakeSlack.DEFAULT_BOT_SCOPES.toArray(String[]::new));
        slack.revoke(revoked);

        Result result = check(revoked, "xapp-1-not-a-token", "");

        assertThat(result.output()).contains("error: the bot token does not work: Slack refused auth.test: token_revoked")
                .contains("error: the app-level token cannot open Socket Mode connections")
                .contains("invalid_auth");
        assertThat(result.exitCode()).isEqualTo(1);
    }
}
