package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static dev.mxbridge.telegram.ItSupport.botMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Ghosts, members, public portals with title and photo, supergroup migration and forum topics. */
class RoomsIT {
    static final Path DIR = ItSupport.dir("telegram-rooms");
    static final Homeserver hs = ItSupport.synapse(DIR);
    static final FakeTelegram telegram = ItSupport.fakeTelegram();
    static final FakeBot bot = telegram.newBot("rooms_bot").canReadAllGroupMessages(true).create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = ItSupport.bridge(DIR, hs, telegram, bot);

    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = it.user("Alice");
    }

    private static FakeUser user(String first) {
        return telegram.newUser(first).create();
    }

    private static String ghost(FakeUser user) {
        return "@_telegram_" + user.id() + ":localhost";
    }

    @Test
    void ghostsCarryNamesAndPhotosAndFollowRenames() {
        FakeUser olga = user("Olga");
        FakeUser pia = telegram.newUser("Pia").lastName("Lind").create();
        pia.addProfilePhoto(PngImages.png(64, 64, Color.BLUE));
        FakeChat group = telegram.newGroup("Faces").createdBy(olga).members(pia).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);

        group.from(pia).text("look at me");
        awaitBody(alice, room, "look at me"::equals);
        Await.until("pia's ghost to have her name and photo", WAIT, () -> {
            var profile = alice.profile(ghost(pia));
            return profile.displayName().orElse("").equals("Pia Lind") && profile.avatarUrl().isPresent();
        });
        pia.rename("Pia", "Berg");
        group.from(pia).text("new name");
        Await.until("the new name", WAIT, () -> alice.profile(ghost(pia)).displayName().orElse("").equals("Pia Berg"));
    }

    @Test
    void joinsAndLeavesInTelegramMoveTheGhosts() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Doors").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);
        FakeUser quinn = user("Quinn");

        group.join(quinn);
        Await.until("quinn's ghost to join", WAIT, () -> alice.joinedMembers(room).containsKey(ghost(quinn)));
        group.leave(quinn);
        Await.until("quinn's ghost to leave", WAIT, () -> !alice.joinedMembers(room).containsKey(ghost(quinn)));
    }

    @Test
    void aPublicGroupHasAPortalByUsernameThatFollowsItsTitleAndPhoto() {
        FakeUser olga = user("Olga");
        String username = "opengroup" + System.nanoTime() % 100000;
        FakeChat group = telegram.newSupergroup("Open Group").username(username).createdBy(olga).adminBots(bot).create();

        String room = alice.join("#_telegram_" + username + ":localhost");
        assertThat(alice.state(room, "m.room.name", "")).hasValueSatisfying(c ->
                assertThat(c.path("name").asString()).isEqualTo("Open Group"));
        group.from(olga).text("welcome to the portal");
        awaitBody(alice, room, "welcome to the portal"::equals);
        group.setTitle(olga, "Open Group 2");
        group.setPhoto(olga, PngImages.png(32, 32, Color.RED));
        Await.until("the new name and avatar", WAIT, () ->
                alice.state(room, "m.room.name", "").map(c -> c.path("name").asString()).orElse("").equals("Open Group 2")
                        && alice.state(room, "m.room.avatar", "").map(c -> c.path("url").asString()).orElse("")
                        .startsWith("mxc://"));
        alice.sendText(room, "hi from the portal");
        botMessage(group, bot, t -> t.equals("Alice: hi from the portal"));
    }

    @Test
    void aPortalRenamedInMatrixRenamesTheTelegramChatAndItsAvatarBecomesTheChatPhoto() {
        FakeUser olga = user("Olga");
        String username = "renamed" + System.nanoTime() % 100000;
        FakeChat group = telegram.newSupergroup("Before").username(username).createdBy(olga).adminBots(bot).create();
        String room = alice.join("#_telegram_" + username + ":localhost");
        moderator(room, alice);
        byte[] avatar = PngImages.png(24, 24, Color.GREEN);

        alice.sendState(room, "m.room.name", "", Map.of("name", "After"));
        alice.sendState(room, "m.room.avatar", "", Map.of("url", alice.upload(avatar, "image/png", "a.png")));

        Await.until("the chat's new title and photo", WAIT, () -> group.title().equals("After")
                && group.photo().filter(p -> java.util.Arrays.equals(p, avatar)).isPresent());
        alice.sendState(room, "m.room.avatar", "", Map.of());
        Await.until("the chat photo to be removed", WAIT, () -> group.photo().isEmpty());
        assertThat(alice.state(room, "m.room.name", "").orElseThrow().path("name").asString()).isEqualTo("After");
    }

    @Test
    void aPortalRenamedWhereTheBotMayNotChangeInfoIsToldAndTheChatKeepsItsTitle() {
        FakeUser olga = user("Olga");
        String username = "keepname" + System.nanoTime() % 100000;
        FakeChat group = telegram.newSupergroup("Kept").username(username).createdBy(olga).bots(bot).create();
        String room = alice.join("#_telegram_" + username + ":localhost");
        moderator(room, alice);

        alice.sendState(room, "m.room.name", "", Map.of("name", "Not allowed"));

        ItSupport.botSays(alice, room, "the bot needs to be an administrator there with the right to change");
        assertThat(telegram.calls("setChatTitle")).singleElement()
                .satisfies(c -> assertThat(c.description()).contains("not enough rights"));
        assertThat(group.title()).isEqualTo("Kept");
    }

    @Test
    void matrixTypingInALinkedRoomShowsTheBotTypingButAGhostsTypingDoesNot() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Typists").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);
        group.from(olga).text("I am here");
        awaitBody(alice, room, "I am here"::equals);

        it.bridge().matrix().intent(new dev.mxbridge.core.client.UserId(ghost(olga)))
                .setTyping(new dev.mxbridge.core.client.RoomId(room), true, java.time.Duration.ofSeconds(10));
        alice.typing(room, true, java.time.Duration.ofSeconds(10)); // the marker: the ghost's typing came first

        Await.until("the bot's typing action", WAIT, () -> telegram.calls("sendChatAction").stream()
                .anyMatch(c -> c.chatId().filter(id -> id == group.id()).isPresent()));
        assertThat(telegram.calls("sendChatAction").stream().filter(c -> c.chatId().filter(id -> id == group.id())
                .isPresent())).singleElement().satisfies(c -> assertThat(c.param("action")).contains("typing"));
    }

    @Test
    void matrixTypingLongerThanTelegramsFiveSecondsKeepsTheBotTypingUntilItStops() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Slow typists").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);
        java.util.function.LongSupplier actions = () -> telegram.calls("sendChatAction").stream()
                .filter(c -> c.chatId().filter(id -> id == group.id()).isPresent()).count();

        alice.typing(room, true, java.time.Duration.ofSeconds(30));
        Await.until("the typing action sent again past five seconds", WAIT, () -> actions.getAsLong() >= 3);
        alice.typing(room, false, java.time.Duration.ofSeconds(30));
        alice.sendText(room, "done typing");
        ItSupport.botMessage(group, bot, t -> t.endsWith("done typing"));
        long atStop = actions.getAsLong();
        // the stop was handled before the message: a full interval later no action has followed
        long end = System.nanoTime() + TypingKeeper.INTERVAL.plusSeconds(1).toNanos();
        Await.until("an interval after the stop", WAIT, () -> System.nanoTime() > end);
        assertThat(actions.getAsLong()).isEqualTo(atStop);
    }

    /** A portal's power levels are the bridge bot's: it makes the user a moderator, as a room admin would. */
    private static void moderator(String room, TestUser user) {
        var bot = it.bridge().matrix().bot();
        var roomId = new dev.mxbridge.core.client.RoomId(room);
        var levels = bot.stateContent(roomId, "m.room.power_levels", "").orElseThrow();
        levels.withObject("users").put(user.userId(), 50);
        bot.sendState(roomId, "m.room.power_levels", "", levels);
        Await.until("the user to be a moderator", WAIT, () -> alice.state(room, "m.room.power_levels", "")
                .map(l -> l.path("users").path(user.userId()).asInt(0) == 50).orElse(false));
    }

    @Test
    void aPublicChannelsPostsAndSubscribersReachItsPortal() {
        FakeUser olga = user("Olga");
        String username = "openchannel" + System.nanoTime() % 100000;
        FakeChat channel = telegram.newChannel("News").username(username).createdBy(olga).adminBots(bot).create();
        String room = alice.join("#_telegram_" + username + ":localhost");
        FakeUser reader = user("Reader");

        channel.join(reader);
        Await.until("the subscriber's ghost to join", WAIT, () -> alice.joinedMembers(room).containsKey(ghost(reader)));
        channel.from(olga).text("breaking news");
        awaitBody(alice, room, "breaking news"::equals);
    }

    @Test
    void aPrivateGroupHasNoPortalByItsId() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Closed").createdBy(olga).adminBots(bot).create();
        group.from(olga).text("nobody bridges this");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.join("#_telegram_" + group.id() + ":localhost"))
                .hasMessageContaining("404");
    }

    @Test
    void aGroupThatBecomesASupergroupKeepsItsLink() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Growing").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);

        FakeChat supergroup = group.migrateToSupergroup(olga);
        ItSupport.botSays(alice, room, "became a supergroup");
        supergroup.from(olga).text("now a supergroup");
        awaitBody(alice, room, "now a supergroup"::equals);
        alice.sendText(room, "still here");
        botMessage(supergroup, bot, t -> t.equals("Alice: still here"));
    }

    @Test
    void aSendToAGroupThatBecameASupergroupUnnoticedGoesToTheSupergroupAndMovesTheLink() throws Exception {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Upgraded").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);

        it.stop(); // down while the group is upgraded, and longer than Telegram keeps the update
        FakeChat supergroup = group.migrateToSupergroup(olga);
        forgetPendingUpdates();
        it.start();
        alice.sendText(room, "are you still there?");

        botMessage(supergroup, bot, t -> t.equals("Alice: are you still there?"));
        ItSupport.botSays(alice, room, "became a supergroup");
        assertThat(telegram.calls("sendMessage")).anySatisfy(c -> {
            assertThat(c.chatId()).contains(group.id());
            assertThat(c.description()).contains("upgraded to a supergroup");
        });
        supergroup.from(olga).text("yes, over here");
        awaitBody(alice, room, "yes, over here"::equals);
    }

    /** Confirms every update the bot has not fetched, as if Telegram had dropped them. */
    private static void forgetPendingUpdates() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String base = telegram.baseUrl() + "/bot" + bot.token() + "/getUpdates?timeout=0&offset=";
            JsonNode last = new tools.jackson.databind.ObjectMapper().readTree(http.send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(base + "-1")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("result");
            if (!last.isEmpty()) {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                        + (last.get(0).path("update_id").asLong() + 1))).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    @Test
    void forumTopicsAreMatrixThreads() {
        FakeUser olga = user("Olga");
        FakeChat forum = telegram.newSupergroup("Forum").forum(true).createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, forum, olga, bot);

        int topic = forum.createTopic(olga, "Releases");
        String root = awaitBody(alice, room, "Topic: Releases"::equals).path("event_id").asString();
        forum.from(olga).inTopic(topic).text("v1 is out");
        JsonNode inThread = awaitBody(alice, room, "v1 is out"::equals);
        assertThat(inThread.path("content").path("m.relates_to").path("rel_type").asString()).isEqualTo("m.thread");
        assertThat(inThread.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(root);

        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "congrats",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));
        FakeMessage answer = botMessage(forum, bot, t -> t.equals("Alice: congrats"));
        assertThat(answer.messageThreadId()).contains(topic);
    }

    @Test
    void aMatrixThreadInAGroupWithoutTopicsAnswersItsRoot() {
        FakeUser olga = user("Olga");
        FakeChat group = telegram.newGroup("Threads").createdBy(olga).adminBots(bot).create();
        String room = ItSupport.link(alice, group, olga, bot);
        FakeMessage root = group.from(olga).text("a thread starts here");
        String rootEvent = awaitBody(alice, room, "a thread starts here"::equals).path("event_id").asString();

        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "in the thread",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", rootEvent)));

        FakeMessage answer = botMessage(group, bot, t -> t.equals("Alice: in the thread"));
        assertThat(answer.replyToMessageId()).contains(root.messageId());
        assertThat(answer.messageThreadId()).isEmpty();
    }
}
