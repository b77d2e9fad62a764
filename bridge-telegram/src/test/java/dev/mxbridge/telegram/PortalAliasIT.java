package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A portal alias template of the operator's ({@code network.portal_alias}). */
class PortalAliasIT {
    static final Path DIR = ItSupport.dir("telegram-portal-alias");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    static FakeBot bot;
    static Bridge bridge;
    static TestUser alice;

    @BeforeAll
    static void start() {
        bot = telegram.newBot("alias_bot").canReadAllGroupMessages(true).create();
        bridge = ItSupport.start(DIR, hs.baseUrl(), PORT, telegram, bot,
                ItSupport.NO_PACING + "\nportal_alias: 'tg.{username}.chat'", Clock.systemUTC());
        alice = hs.registerUser();
        alice.setDisplayName("Alice");
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aPublicGroupsPortalHasTheAliasOfTheTemplateAndNoOther() {
        FakeUser olga = telegram.newUser("Olga").create();
        FakeChat group = telegram.newSupergroup("Templated").username("templated").createdBy(olga).adminBots(bot)
                .create();

        assertThatThrownBy(() -> alice.join("#_telegram_templated:localhost")).hasMessageContaining("404");
        String room = alice.join("#_telegram_tg.templated.chat:localhost");

        assertThat(alice.state(room, "m.room.canonical_alias", "")).hasValueSatisfying(c ->
                assertThat(c.path("alias").asString()).isEqualTo("#_telegram_tg.templated.chat:localhost"));
        group.from(olga).text("through the templated portal");
        awaitBody(alice, room, "through the templated portal"::equals);
    }
}
