package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.botSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeBusinessConnection;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.Content;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Telegram Business: a Matrix user logs in with their business account and their private chats become DMs. */
class BusinessIT {
    static final Path DIR = ItSupport.dir("telegram-business");
    static final Homeserver hs = ItSupport.synapse(DIR);
    static final FakeTelegram telegram = ItSupport.fakeTelegram();
    static final FakeBot bot = telegram.newBot("shop_bot").canConnectToBusiness(true).create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = ItSupport.bridge(DIR, hs, telegram, bot);

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

    /** A business account's chat with a customer, logged in from Matrix; its portal joined. */
    private record Shop(TestUser owner, FakeUser ownerTelegram, FakeUser customer, FakeBusinessConnection connection,
                        FakeChat chat, String portal) {
    }

    private static Shop shop(String first) {
        TestUser owner = hs.registerUser();
        FakeUser ownerTelegram = telegram.newUser(first).premium(true).create();
        FakeUser customer = telegram.newUser("Customer of " + first).create();
        FakeBusinessConnection connection = telegram.connectBusiness(ownerTelegram, bot);
        String dm = owner.createRoom(RoomOptions.create().invite(ItSupport.BOT));
        Await.until("the bot in the DM", WAIT, () -> owner.joinedMembers(dm).containsKey(ItSupport.BOT));
        owner.sendText(dm, "!telegram login");
        ownerTelegram.chatWith(bot).from(ownerTelegram).text("/login " + loginCode(botSays(owner, dm, "/login ")
                .path("content").path("body").asString()));
        botSays(owner, dm, "Logged in");
        FakeChat chat = connection.chatWith(customer);
        chat.from(customer).text("hello shop");
        Await.until("an invite to the customer's chat", WAIT, () -> !owner.invites().isEmpty());
        String portal = owner.join(owner.invites().getFirst());
        owner.awaitEvent(portal, e -> e.path("content").path("body").asString().equals("hello shop"), WAIT);
        return new Shop(owner, ownerTelegram, customer, connection, chat, portal);
    }

    @Test
    void filesInABusinessChatGoBothWaysAsTheAccount() {
        Shop shop = shop("Fiona");

        shop.chat().from(shop.customer()).send(Content.photo(PngImages.png(16, 16, Color.PINK)).caption("this one?"));
        JsonNode image = shop.owner().awaitEvent(shop.portal(), e -> e.path("content").path("msgtype").asString()
                .equals("m.image"), WAIT);
        assertThat(image.path("sender").asString()).isEqualTo("@_telegram_" + shop.customer().id() + ":localhost");
        String file = shop.owner().upload("invoice".getBytes(StandardCharsets.UTF_8), "text/plain", "invoice.txt");
        shop.owner().sendEvent(shop.portal(), "m.room.message", Map.of("msgtype", "m.file", "body", "invoice.txt",
                "url", file, "info", Map.of("mimetype", "text/plain")));

        FakeMessage sent = shop.chat().awaitMessage(m -> m.json().path("document").path("file_name").asString()
                .equals("invoice.txt"), WAIT);
        assertThat(sent.fromId()).as("as the account").contains(shop.ownerTelegram().id());
        assertThat(sent.json().path("business_connection_id").asString()).isEqualTo(shop.connection().id());
        assertThat(sent.caption()).as("no relay format for the account's own file").isEmpty();
    }

    @Test
    void aRedactionDeletesTheBusinessMessageOnlyWithTheDeleteRightAndReactionsAreExplained() {
        Shop shop = shop("Greta");
        shop.owner().sendText(shop.portal(), "first answer");
        FakeMessage first = shop.chat().awaitMessage(m -> m.text().orElse("").equals("first answer"), WAIT);
        String firstEvent = shop.owner().awaitEvent(shop.portal(), e -> e.path("content").path("body").asString()
                .equals("first answer"), WAIT).path("event_id").asString();
        String question = shop.owner().awaitEvent(shop.portal(), e -> e.path("content").path("body").asString()
                .equals("hello shop"), WAIT).path("event_id").asString();

        shop.owner().redact(shop.portal(), firstEvent, "");
        botSays(shop.owner(), shop.portal(), "does not let the bot delete it");
        assertThat(shop.chat().message(first.messageId())).isPresent();

        shop.connection().setCanDelete(true, false);
        shop.owner().sendText(shop.portal(), "second answer");
        FakeMessage second = shop.chat().awaitMessage(m -> m.text().orElse("").equals("second answer"), WAIT);
        String secondEvent = shop.owner().awaitEvent(shop.portal(), e -> e.path("content").path("body").asString()
                .equals("second answer"), WAIT).path("event_id").asString();
        shop.owner().redact(shop.portal(), secondEvent, "");
        Await.until("the answer deleted in Telegram", WAIT, () -> shop.chat().message(second.messageId()).isEmpty());

        shop.owner().sendEvent(shop.portal(), "m.reaction", Map.of("m.relates_to", Map.of("rel_type",
                "m.annotation", "event_id", question, "key", "👍")));
        botSays(shop.owner(), shop.portal(), "Reactions are not sent to Telegram in business chats");
        assertThat(telegram.calls("deleteBusinessMessages")).hasSize(1);
        assertThat(telegram.calls("setMessageReaction")).isEmpty();
    }

    @Test
    void typingInABusinessPortalShowsTheAccountTyping() {
        Shop shop = shop("Hanna");

        shop.owner().typing(shop.portal(), true, java.time.Duration.ofSeconds(10));

        Await.until("a typing action for the account", WAIT, () -> telegram.calls("sendChatAction").stream()
                .anyMatch(c -> c.param("business_connection_id").orElse("").equals(shop.connection().id())
                        && c.param("chat_id").orElse("").equals(Long.toString(shop.customer().id()))
                        && c.status() == 200));
    }

    /** {@code !telegram login} from {@code dm} proved from the account; waits for the {@code count}th "Logged in". */
    private static void login(TestUser owner, String dm, FakeUser account, int count) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        owner.messages(dm, 100).forEach(e -> seen.add(e.path("event_id").asString()));
        owner.sendText(dm, "!telegram login");
        JsonNode ask = owner.awaitEvent(dm, e -> !seen.contains(e.path("event_id").asString())
                && e.path("sender").asString().equals(ItSupport.BOT)
                && e.path("content").path("body").asString().contains("/login "), WAIT);
        account.chatWith(bot).from(account).text("/login " + loginCode(ask.path("content").path("body").asString()));
        Await.until("logged in " + count + " times", WAIT, () -> owner.messages(dm, 100).stream()
                .filter(e -> e.path("content").path("body").asString().startsWith("Logged in:")).count() >= count);
    }

    /** The customer writes first; the owner joins the portal it makes. */
    private static String portalOf(TestUser owner, FakeChat chat, FakeUser customer, String first) {
        chat.from(customer).text(first);
        Await.until("an invite to " + customer.firstName() + "'s chat", WAIT, () -> !owner.invites().isEmpty());
        String portal = owner.join(owner.invites().getFirst());
        owner.awaitEvent(portal, e -> e.path("content").path("body").asString().equals(first), WAIT);
        return portal;
    }

    @Test
    void twoBusinessAccountsOfOneMatrixUserEachAnswerTheirOwnChats() {
        TestUser owner = hs.registerUser();
        FakeUser shopOne = telegram.newUser("Jana").premium(true).create();
        FakeUser shopTwo = telegram.newUser("Jana Outlet").premium(true).create();
        FakeBusinessConnection one = telegram.connectBusiness(shopOne, bot);
        FakeBusinessConnection two = telegram.connectBusiness(shopTwo, bot);
        String dm = owner.createRoom(RoomOptions.create().invite(ItSupport.BOT));
        Await.until("the bot in the DM", WAIT, () -> owner.joinedMembers(dm).containsKey(ItSupport.BOT));
        login(owner, dm, shopOne, 1);
        login(owner, dm, shopTwo, 2);

        FakeUser kurt = telegram.newUser("Kurt").create();
        FakeUser lena = telegram.newUser("Lena").create();
        FakeChat withKurt = one.chatWith(kurt);
        FakeChat withLena = two.chatWith(lena);
        String kurtsPortal = portalOf(owner, withKurt, kurt, "a question for the shop");
        String lenasPortal = portalOf(owner, withLena, lena, "a question for the outlet");

        owner.sendText(lenasPortal, "the outlet answers");
        owner.sendText(kurtsPortal, "the shop answers");
        FakeMessage toLena = withLena.awaitMessage(m -> m.text().orElse("").equals("the outlet answers"), WAIT);
        FakeMessage toKurt = withKurt.awaitMessage(m -> m.text().orElse("").equals("the shop answers"), WAIT);
        assertThat(toLena.fromId()).as("as the second account").contains(shopTwo.id());
        assertThat(toLena.json().path("business_connection_id").asString()).isEqualTo(two.id());
        assertThat(toKurt.fromId()).as("as the first account").contains(shopOne.id());
        assertThat(toKurt.json().path("business_connection_id").asString()).isEqualTo(one.id());

        withLena.from(shopTwo).text("written in the outlet's app");
        JsonNode own = owner.awaitEvent(lenasPortal, e -> e.path("content").path("body").asString()
                .equals("written in the outlet's app"), WAIT);
        assertThat(own.path("sender").asString()).as("the second account's own message, as the Matrix user")
                .isIn(owner.userId(), "@_telegram_" + shopTwo.id() + ":localhost");
    }

    @Test
    void captionsOfBusinessFilesGoBothWays() {
        Shop shop = shop("Klara");

        shop.chat().from(shop.customer()).send(Content.photo(PngImages.png(12, 12, Color.ORANGE))
                .caption("which colour is this?"));
        JsonNode caption = shop.owner().awaitEvent(shop.portal(), e -> e.path("content").path("msgtype").asString()
                .equals("m.image") && e.path("content").path("body").asString().equals("which colour is this?"), WAIT);
        assertThat(caption.path("content").path("filename").asString()).as("one event: the photo with its caption")
                .isEqualTo("photo.jpg");
        assertThat(caption.path("sender").asString()).isEqualTo("@_telegram_" + shop.customer().id() + ":localhost");

        String file = shop.owner().upload("total: 12".getBytes(StandardCharsets.UTF_8), "text/plain", "invoice.txt");
        shop.owner().sendEvent(shop.portal(), "m.room.message", Map.of("msgtype", "m.file", "body",
                "here is your invoice", "filename", "invoice.txt", "url", file, "info", Map.of("mimetype", "text/plain")));
        FakeMessage sent = shop.chat().awaitMessage(m -> m.json().path("document").path("file_name").asString()
                .equals("invoice.txt"), WAIT);
        assertThat(sent.caption()).contains("here is your invoice");
        assertThat(sent.fromId()).as("as the account").contains(shop.ownerTelegram().id());
        assertThat(sent.json().path("business_connection_id").asString()).isEqualTo(shop.connection().id());
    }

    @Test
    void typingLongerThanTelegramsFiveSecondsKeepsTheAccountTypingUntilItStops() {
        Shop shop = shop("Lotte");
        java.util.function.LongSupplier actions = () -> telegram.calls("sendChatAction").stream()
                .filter(c -> c.param("business_connection_id").orElse("").equals(shop.connection().id())).count();

        shop.owner().typing(shop.portal(), true, java.time.Duration.ofSeconds(30));
        Await.until("the typing action sent again past five seconds", WAIT, () -> actions.getAsLong() >= 3);
        shop.owner().typing(shop.portal(), false, java.time.Duration.ofSeconds(30));
        shop.owner().sendText(shop.portal(), "done typing");
        shop.chat().awaitMessage(m -> m.text().orElse("").equals("done typing"), WAIT);
        long atStop = actions.getAsLong();
        // the stop was handled before the message: a full interval later no action has followed
        long end = System.nanoTime() + TypingKeeper.INTERVAL.plusSeconds(1).toNanos();
        Await.until("an interval after the stop", WAIT, () -> System.nanoTime() > end);
        assertThat(actions.getAsLong()).isEqualTo(atStop);
    }

    @Test
    void aRoomsSetRelayLoginRelaysOthersThroughTheBotWithTheirNamesTypingIncluded() {
        Shop shop = shop("Mira");
        FakeUser admin = telegram.newUser("Group admin").create();
        FakeChat group = telegram.newSupergroup("Relayed team").createdBy(admin).adminBots(bot).create();
        String room = ItSupport.link(shop.owner(), group, admin, bot);
        shop.owner().sendText(room, "!telegram set-relay");
        botSays(shop.owner(), room, "relayed through your login");

        TestUser nina = hs.registerUser();
        nina.setDisplayName("Nina");
        shop.owner().invite(room, nina.userId());
        nina.join(room);
        nina.sendText(room, "hello through the relay");
        FakeMessage relayed = ItSupport.botMessage(group, bot, t -> t.endsWith("hello through the relay"));
        assertThat(relayed.text()).as("the Telegram relay format once, not the core's on top")
                .contains("Nina: hello through the relay");

        nina.typing(room, true, java.time.Duration.ofSeconds(10));
        Await.until("the bot typing for Nina", WAIT, () -> telegram.calls("sendChatAction").stream()
                .anyMatch(c -> c.chatId().filter(id -> id == group.id()).isPresent()));
    }
}
