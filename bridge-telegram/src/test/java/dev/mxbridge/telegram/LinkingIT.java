package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static dev.mxbridge.telegram.ItSupport.botMessage;
import static dev.mxbridge.telegram.ItSupport.botSays;
import static dev.mxbridge.telegram.ItSupport.code;
import static dev.mxbridge.telegram.ItSupport.roomWithBot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plumbing with one-time codes from either side, who may link, expiry, and what the bot cannot see. */
class LinkingIT {
    static final Path DIR = ItSupport.dir("telegram-linking");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    static final Path DATABASE = DIR.resolve("db-" + java.util.UUID.randomUUID());
    static final MutableClock clock = new MutableClock();
    static FakeBot bot;
    static Bridge bridge;
    static TestUser alice;

    @BeforeAll
    static void start() {
        bot = telegram.newBot("linking_bot").create(); // privacy mode on, as BotFather leaves it
        setLeftoverWebhook();
        bridge = ItSupport.start(DIR, DATABASE, hs.baseUrl(), PORT, telegram, bot, ItSupport.NO_PACING, clock);
        alice = hs.registerUser();
        alice.setDisplayName("Alice");
    }

    /** A webhook left from an earlier run in webhook mode: getUpdates answers 409 while it is set. */
    private static void setLeftoverWebhook() {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(telegram.baseUrl() + "/bot" + bot.token()
                    + "/setWebhook?url=http://127.0.0.1:9/old")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static FakeUser owner() {
        return telegram.newUser("Olga").username("olga" + System.nanoTime() % 100000).create();
    }

    @Test
    void aLeftoverWebhookIsDeletedAndEveryPollAsksForTheUpdatesTheBridgeUses() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Polled").createdBy(olga).adminBots(bot).create();
        ItSupport.link(alice, group, olga, bot);

        assertThat(bot.webhookUrl()).isEmpty();
        assertThat(telegram.calls("getUpdates")).anyMatch(c -> c.status() == 409);
        assertThat(telegram.calls("getUpdates")).allSatisfy(c -> assertThat(c.param("allowed_updates").orElse(""))
                .contains("message_reaction", "chat_member", "business_message"));
    }

    @Test
    void aGroupAdminsCodeLinksTheMatrixRoomAndMessagesFlowBothWays() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Team").createdBy(olga).adminBots(bot).create();
        String room = roomWithBot(alice);

        group.from(olga).text("/link");
        String code = code(botMessage(group, bot, t -> t.startsWith("Link code")).text().orElseThrow());
        alice.sendText(room, "!telegram link " + code);
        botSays(alice, room, "Linked this room to Team");
        botMessage(group, bot, t -> t.equals("Linked to a Matrix room."));

        group.from(olga).text("hello from telegram");
        awaitBody(alice, room, "hello from telegram"::equals);
        alice.sendText(room, "hello from matrix");
        FakeMessage relayed = botMessage(group, bot, t -> t.equals("Alice: hello from matrix"));
        assertThat(relayed.json().path("entities").get(0).path("type").asString()).isEqualTo("bold");
    }

    @Test
    void aMatrixCodeLinksTheGroupWhenItsAdminSendsIt() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Reverse").createdBy(olga).adminBots(bot).create();
        String room = roomWithBot(alice);

        alice.sendText(room, "!telegram link-code");
        String code = code(botSays(alice, room, "Link code").path("content").path("body").asString());
        group.from(olga).text("/link " + code);

        botSays(alice, room, "Linked this room to " + group.id());
        botMessage(group, bot, t -> t.startsWith("Linked to the Matrix room."));
        group.from(olga).text("over the reverse link");
        awaitBody(alice, room, "over the reverse link"::equals);
    }

    @Test
    void membersWhoAreNotAdminsCannotLinkOnEitherSide() {
        FakeUser olga = owner();
        FakeUser mallory = telegram.newUser("Mallory").create();
        FakeChat group = telegram.newGroup("Guarded").createdBy(olga).members(mallory).adminBots(bot).create();
        String room = roomWithBot(alice);
        TestUser bob = hs.registerUser();
        alice.invite(room, bob.userId());
        bob.join(room);

        group.from(mallory).text("/link");
        botMessage(group, bot, t -> t.equals("Only the group's administrators can link it."));
        bob.sendText(room, "!telegram link-code");
        botSays(alice, room, "You need power level 50 in this room to link it (you have 0).");
        alice.sendText(room, "!telegram link-code"); // a later marker: mallory got no code meanwhile
        botSays(alice, room, "Link code");
        assertThat(group.messages()).noneMatch(m -> m.text().orElse("").startsWith("Link code"));
    }

    @Test
    void codesFromBothSidesOutliveABridgeRestart() {
        FakeUser olga = owner();
        FakeChat fromTelegram = telegram.newGroup("Patient").createdBy(olga).adminBots(bot).create();
        FakeChat fromMatrix = telegram.newGroup("Waiting").createdBy(olga).adminBots(bot).create();
        String first = roomWithBot(alice);
        String second = roomWithBot(alice);
        fromTelegram.from(olga).text("/link");
        String telegramCode = code(botMessage(fromTelegram, bot, t -> t.startsWith("Link code")).text().orElseThrow());
        alice.sendText(second, "!telegram link-code");
        String matrixCode = code(botSays(alice, second, "Link code").path("content").path("body").asString());

        bridge.close();
        bridge = ItSupport.start(DIR, DATABASE, hs.baseUrl(), PORT, telegram, bot, ItSupport.NO_PACING, clock);

        alice.sendText(first, "!telegram link " + telegramCode);
        botSays(alice, first, "Linked this room to Patient");
        fromMatrix.from(olga).text("/link " + matrixCode);
        botSays(alice, second, "Linked this room to " + fromMatrix.id());
        alice.sendText(first, "!telegram link " + telegramCode); // used once, restart or not
        botSays(alice, first, "There is no Telegram room " + telegramCode);
    }

    @Test
    void anExpiredCodeIsRefused() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Slow").createdBy(olga).adminBots(bot).create();
        String room = roomWithBot(alice);
        group.from(olga).text("/link");
        String code = code(botMessage(group, bot, t -> t.startsWith("Link code")).text().orElseThrow());

        clock.advance(Duration.ofMinutes(11));
        alice.sendText(room, "!telegram link " + code);

        botSays(alice, room, "Not linked: link code " + code + " has expired; send /link in the Telegram group again");
    }

    @Test
    void aCodeUsedInTheWrongPlaceIsRefused() {
        FakeUser olga = owner();
        FakeChat first = telegram.newGroup("First").createdBy(olga).adminBots(bot).create();
        FakeChat second = telegram.newGroup("Second").createdBy(olga).adminBots(bot).create();
        String room = roomWithBot(alice);

        first.from(olga).text("/link");
        String telegramCode = code(botMessage(first, bot, t -> t.startsWith("Link code")).text().orElseThrow());
        second.from(olga).text("/link " + telegramCode);
        botMessage(second, bot, t -> t.startsWith("That code was made in Telegram"));
        alice.sendText(room, "!telegram link-code");
        String matrixCode = code(botSays(alice, room, "Link code").path("content").path("body").asString());
        alice.sendText(room, "!telegram link " + matrixCode);

        botSays(alice, room, "Not linked: that code was made in Matrix for Telegram");
        alice.sendText(room, "!telegram link " + telegramCode); // still good for the room it was meant for
        botSays(alice, room, "Linked this room to First");
    }

    @Test
    void linkingWhereTheBotIsNoAdminInPrivacyModeSaysWhatItCannotSee() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Private").createdBy(olga).bots(bot).create();
        String room = roomWithBot(alice);

        group.from(olga).text("/link");
        FakeMessage answer = botMessage(group, bot, t -> t.startsWith("Link code"));
        alice.sendText(room, "!telegram link " + code(answer.text().orElseThrow()));

        assertThat(answer.text().orElseThrow()).contains("Privacy mode is on").contains("not an administrator");
        botSays(alice, room, "Privacy mode is on: the bot sees only commands");
        botSays(alice, room, "The bot is not an administrator: reactions and joins/leaves");
        botSays(alice, room, "Linked this room to Private");
    }

    private static java.util.List<String> codes(FakeChat group) {
        return group.messages().stream().map(m -> m.text().orElse("")).filter(t -> t.startsWith("Link code")).toList();
    }

    @Test
    void eitherSideCanUnlink() {
        FakeUser olga = owner();
        FakeChat group = telegram.newGroup("Parting").createdBy(olga).adminBots(bot).create();
        String room = roomWithBot(alice);
        group.from(olga).text("/link");
        alice.sendText(room, "!telegram link " + code(botMessage(group, bot, t -> t.startsWith("Link code"))
                .text().orElseThrow()));
        botSays(alice, room, "Linked this room to Parting");

        group.from(olga).text("/unlink");
        botSays(alice, room, "Unlinked from the Telegram chat Parting by one of its administrators.");
        Await.until("the bot to leave", WAIT, () -> !alice.joinedMembers(room).containsKey(ItSupport.BOT));
        botMessage(group, bot, t -> t.equals("Unlinked from 1 Matrix room(s)."));

        String again = roomWithBot(alice);
        group.from(olga).text("/link");
        Await.until("a second code", WAIT, () -> codes(group).size() == 2);
        alice.sendText(again, "!telegram link " + code(codes(group).getLast()));
        botSays(alice, again, "Linked this room to Parting");
        alice.sendText(again, "!telegram unlink");
        botSays(alice, again, "Unlinked [" + group.id() + "]");
        botMessage(group, bot, t -> t.equals("This chat is no longer linked to a Matrix room."));
    }
}
