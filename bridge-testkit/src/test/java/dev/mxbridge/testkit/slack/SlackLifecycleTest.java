package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A fake Slack used outside JUnit's extension model, e.g. by a demo script. */
class SlackLifecycleTest {
    @Test
    void itServesBetweenStartAndCloseAndCannotStartAgain() {
        FakeSlack slack = FakeSlack.create().start();
        String url = slack.methodsUrl() + "auth.test";

        String answer = Sdk.post(url, "application/x-www-form-urlencoded", "token=" + slack.botToken()).body();
        slack.close();

        assertThat(Json.parse(answer).path("ok").asBoolean()).isTrue();
        assertThatThrownBy(() -> Sdk.post(url, "application/x-www-form-urlencoded", "")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(slack::start).isInstanceOf(IllegalStateException.class);
    }
}
