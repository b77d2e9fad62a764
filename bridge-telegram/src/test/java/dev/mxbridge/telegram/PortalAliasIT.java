package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A portal alias template of the operator's ({@code network.portal_alias}). */
class PortalAliasIT {
    static final Path DIR = ItSupport.dir("telegram-portal-alias");
    static final Homeserver hs = ItSupport.synapse(DIR);
    static final FakeTelegram telegram = ItSupport.fakeTelegram();
    static final FakeBot bot = telegram.newBot("alias_bot").canReadAllGroupMessages(true).create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = ItSupport.bridge(DIR, hs, telegram, bot,
            port -> "portal_alias: 'tg.{username}.chat'");

    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = it.user("Alice");
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
