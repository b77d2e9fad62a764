package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.botSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeBusinessConnection;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Telegram Business: a Matrix user logs in with their business account and their private chats become DMs. */
class BusinessIT {
    static final Path DIR = ItSupport.dir("telegram-business");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    static FakeBot bot;
    static Bridge bridge;

    @BeforeAll
    static void start() {
        bot = telegram.newBot("shop_bot").canConnectToBusiness(true).create();
        bridge = ItSupport.start(DIR, hs.baseUrl(), PORT, telegram, bot, ItSupport.NO_PACING, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static String loginCode(String text) {
        Matcher m = Pattern.compile("/login ([A-Z2-9]{8})").matcher(text);
        assertThat(m.find()).as("a login code in: " + text).isTrue();
        return m.group(1);
    }

    @Test
    void aBusinessAccountsChatsAreDmPortalsWhereTheOwnerSpeaksAsThemselves() {
        TestUser olgaMatrix = hs.registerUser();
        FakeUser olga = telegram.newUser("Olga").premium(true).create();
        FakeUser carl = telegram.newUser("Carl").create();
        FakeBusinessConnection connection = telegram.connectBusiness(olga, bot);
        String dm = olgaMatrix.createRoom(RoomOptions.create().invite(ItSupport.BOT));
        Await.until("the bot in the DM", WAIT, () -> olgaMatrix.joinedMembers(dm).containsKey(ItSupport.BOT));

        olgaMatrix.sendText(dm, "!telegram login");
        String code = loginCode(botSays(olgaMatrix, dm, "/login ").path("content").path("body").asString());
        olga.chatWith(bot).from(olga).text("/login " + code);
        botSays(olgaMatrix, dm, "Logged in: the private chats of your Telegram Business account are bridged as you.");
        olgaMatrix.sendText(dm, "!telegram login-matrix " + olgaMatrix.accessToken());
        botSays(olgaMatrix, dm, "Double puppeting is on");

        FakeChat shop = connection.chatWith(carl);
        shop.from(carl).text("is it in stock?");
        Await.until("an invite to Carl's chat", WAIT, () -> !olgaMatrix.invites().isEmpty());
        String portal = olgaMatrix.join(olgaMatrix.invites().getFirst());
        JsonNode question = olgaMatrix.awaitEvent(portal, e -> e.path("content").path("body").asString()
                .equals("is it in stock?"), WAIT);
        assertThat(question.path("sender").asString()).isEqualTo("@_telegram_" + carl.id() + ":localhost");

        shop.from(olga).text("yes, in blue");
        JsonNode own = olgaMatrix.awaitEvent(portal, e -> e.path("content").path("body").asString()
                .equals("yes, in blue"), WAIT);
        assertThat(own.path("sender").asString()).as("the owner's own message, from their real account")
                .isEqualTo(olgaMatrix.userId());

        olgaMatrix.sendText(portal, "I can send it tomorrow");
        FakeMessage answer = shop.awaitMessage(m -> m.text().orElse("").equals("I can send it tomorrow"), WAIT);
        assertThat(answer.fromId()).as("as Olga, not as the bot").contains(olga.id());
    }

    @Test
    void editsAndDeletionsOfBusinessMessagesAreBridgedAndAMissingReplyRightIsExplained() {
        TestUser petra = hs.registerUser();
        FakeUser petraTelegram = telegram.newUser("Petra").premium(true).create();
        FakeUser dan = telegram.newUser("Dan").create();
        FakeBusinessConnection connection = telegram.connectBusiness(petraTelegram, bot);
        String dm = petra.createRoom(RoomOptions.create().invite(ItSupport.BOT));
        Await.until("the bot in the DM", WAIT, () -> petra.joinedMembers(dm).containsKey(ItSupport.BOT));
        petra.sendText(dm, "!telegram login");
        petraTelegram.chatWith(bot).from(petraTelegram).text("/login " + loginCode(botSays(petra, dm, "/login ")
                .path("content").path("body").asString()));
        botSays(petra, dm, "Logged in");

        FakeChat shop = connection.chatWith(dan);
        FakeMessage typo = shop.from(dan).text("helo");
        Await.until("an invite to Dan's chat", WAIT, () -> !petra.invites().isEmpty());
        String portal = petra.join(petra.invites().getFirst());
        String typoEvent = petra.awaitEvent(portal, e -> e.path("content").path("body").asString().equals("helo"), WAIT)
                .path("event_id").asString();
        shop.edit(typo, "hello");
        petra.awaitEvent(portal, e -> e.path("content").path("m.relates_to").path("event_id").asString()
                .equals(typoEvent) && e.path("content").path("body").asString().equals("* hello"), WAIT);
        shop.delete(typo);
        petra.awaitEvent(portal, e -> e.path("type").asString().equals("m.room.redaction")
                && e.path("redacts").asString().equals(typoEvent), WAIT);

        connection.setCanReply(false);
        petra.sendEvent(portal, "m.room.message", Map.of("msgtype", "m.text", "body", "sorry for the wait"));
        petra.awaitEvent(portal, e -> e.path("content").path("body").asString()
                .contains("your Telegram Business connection does not let the bot reply"), WAIT.multipliedBy(2));
    }
}
