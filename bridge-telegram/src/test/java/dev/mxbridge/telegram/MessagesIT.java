package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.awaitBody;
import static dev.mxbridge.telegram.ItSupport.botMessage;
import static dev.mxbridge.telegram.ItSupport.botSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.Entity;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Messages both ways in a linked group: formatting, mentions, replies, edits, deletions, reactions, flood waits. */
class MessagesIT {
    static final Path DIR = ItSupport.dir("telegram-messages");
    static final Homeserver hs = ItSupport.synapse(DIR);
    static final FakeTelegram telegram = ItSupport.fakeTelegram();
    static final FakeBot bot = telegram.newBot("messages_bot").canReadAllGroupMessages(true).create();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = ItSupport.bridge(DIR, hs, telegram, bot);

    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = it.user("Alice");
    }

    /** A group with its owner, the bot as admin, and a linked Matrix room. */
    private record Linked(FakeChat group, FakeUser olga, String room) {
    }

    private static Linked linked(String title) {
        FakeUser olga = telegram.newUser("Olga").lastName("K").username("olga" + System.nanoTime() % 1000000).create();
        FakeChat group = telegram.newGroup(title).createdBy(olga).adminBots(bot).create();
        return new Linked(group, olga, ItSupport.link(alice, group, olga, bot));
    }

    private static JsonNode fromGhost(String room, FakeUser user, String body) {
        return alice.awaitEvent(room, e -> e.path("sender").asString().equals("@_telegram_" + user.id() + ":localhost")
                && e.path("content").path("body").asString().equals(body), WAIT);
    }

    @Test
    void telegramEntitiesArriveAsMatrixHtml() {
        Linked l = linked("Formatting");
        String text = "bold italic code link spoiler\nSystem.out.println();";
        l.group().from(l.olga()).text(text, Entity.bold(0, 4), Entity.italic(5, 6), Entity.code(12, 4),
                Entity.textLink(17, 4, "https://example.org/"), Entity.of("spoiler", 22, 7),
                Entity.pre(30, 21, "java"));

        JsonNode content = alice.awaitEvent(l.room(), e -> e.path("content").path("body").asString()
                .startsWith("bold italic"), WAIT).path("content");
        assertThat(content.path("formatted_body").asString())
                .contains("<strong>bold</strong>", "<em>italic</em>", "<code>code</code>",
                        "<a href=\"https://example.org/\">link</a>", "data-mx-spoiler",
                        "<pre><code class=\"language-java\">System.out.println();</code></pre>");
    }

    @Test
    void matrixHtmlArrivesAsTelegramEntitiesInTheRelayFormat() {
        Linked l = linked("Html");
        alice.sendEvent(l.room(), "m.room.message", Map.of("msgtype", "m.text", "body", "bold italic code link",
                "format", "org.matrix.custom.html",
                "formatted_body", "<b>bold</b> <i>italic</i> <code>code</code> <a href=\"https://example.org/\">link</a>"));

        FakeMessage sent = botMessage(l.group(), bot, t -> t.equals("Alice: bold italic code link"));
        List<String> types = sent.json().path("entities").valueStream().map(e -> e.path("type").asString()).toList();
        assertThat(types).containsExactly("bold", "bold", "italic", "code", "text_link");
    }

    @Test
    void mentionsBecomePillsAndPillsBecomeMentions() {
        Linked l = linked("Mentions");
        FakeUser nina = telegram.newUser("Nina").create();
        l.group().join(nina);
        l.group().from(nina).text("I am here");
        fromGhost(l.room(), nina, "I am here");
        l.group().from(l.olga()).text("hi Nina and @" + l.olga().username().orElseThrow(),
                Entity.textMention(3, 4, nina));

        JsonNode content = fromGhost(l.room(), l.olga(), "hi Nina and @" + l.olga().username().orElseThrow())
                .path("content");
        assertThat(content.path("formatted_body").asString())
                .contains("https://matrix.to/#/@_telegram_" + nina.id() + ":localhost")
                .contains("https://matrix.to/#/@_telegram_" + l.olga().id() + ":localhost");
        String ninaGhost = "@_telegram_" + nina.id() + ":localhost";
        alice.sendEvent(l.room(), "m.room.message", Map.of("msgtype", "m.text", "body", "Nina: welcome",
                "format", "org.matrix.custom.html",
                "formatted_body", "<a href=\"https://matrix.to/#/" + ninaGhost + "\">Nina</a>: welcome",
                "m.mentions", Map.of("user_ids", List.of(ninaGhost))));
        FakeMessage sent = botMessage(l.group(), bot, t -> t.equals("Alice: Nina: welcome"));
        assertThat(sent.json().path("entities").valueStream().filter(e -> e.path("type").asString().equals("text_mention"))
                .map(e -> e.path("user").path("id").asLong())).containsExactly(nina.id());
    }

    @Test
    void repliesCrossBothWays() {
        Linked l = linked("Replies");
        FakeMessage question = l.group().from(l.olga()).text("what time is it?");
        String questionEvent = fromGhost(l.room(), l.olga(), "what time is it?").path("event_id").asString();
        alice.sendEvent(l.room(), "m.room.message", Map.of("msgtype", "m.text", "body", "noon",
                "m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", questionEvent))));
        FakeMessage answer = botMessage(l.group(), bot, t -> t.equals("Alice: noon"));
        assertThat(answer.replyToMessageId()).contains(question.messageId());

        l.group().from(l.olga()).replyTo(answer).text("thanks");
        JsonNode thanks = fromGhost(l.room(), l.olga(), "thanks");
        JsonNode noon = awaitBody(alice, l.room(), "noon"::equals);
        assertThat(thanks.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString())
                .isEqualTo(noon.path("event_id").asString());
    }

    @Test
    void editsCrossBothWays() {
        Linked l = linked("Edits");
        FakeMessage typo = l.group().from(l.olga()).text("helo");
        String typoEvent = fromGhost(l.room(), l.olga(), "helo").path("event_id").asString();
        l.group().edit(typo, "hello");
        JsonNode edit = fromGhost(l.room(), l.olga(), "* hello");
        assertThat(edit.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(typoEvent);

        String mine = alice.sendText(l.room(), "good mornin");
        FakeMessage sent = botMessage(l.group(), bot, t -> t.equals("Alice: good mornin"));
        alice.sendEvent(l.room(), "m.room.message", Map.of("msgtype", "m.text", "body", "* good morning",
                "m.new_content", Map.of("msgtype", "m.text", "body", "good morning"),
                "m.relates_to", Map.of("rel_type", "m.replace", "event_id", mine)));
        Await.until("the edit in Telegram", WAIT, () -> l.group().message(sent.messageId())
                .flatMap(FakeMessage::text).orElse("").equals("Alice: good morning"));
    }

    @Test
    void aRedactionDeletesTheTelegramMessageAndPast48HoursTheRoomIsTold() {
        Linked l = linked("Deletions");
        String fresh = alice.sendText(l.room(), "oops");
        FakeMessage oops = botMessage(l.group(), bot, t -> t.equals("Alice: oops"));
        alice.redact(l.room(), fresh, "");
        Await.until("the message to go", WAIT, () -> l.group().message(oops.messageId()).isEmpty());

        String old = alice.sendText(l.room(), "old news");
        FakeMessage oldNews = botMessage(l.group(), bot, t -> t.equals("Alice: old news"));
        telegram.advanceClock(Duration.ofHours(49));
        alice.redact(l.room(), old, "");
        botSays(alice, l.room(), "bots may delete messages only within 48 hours");
        assertThat(l.group().message(oldNews.messageId())).isPresent();
    }

    @Test
    void reactionsCrossBothWaysTheBotKeepsTheLatestAndTakingOneBackIsBridged() {
        Linked l = linked("Reactions");
        FakeMessage post = l.group().from(l.olga()).text("react to me");
        String postEvent = fromGhost(l.room(), l.olga(), "react to me").path("event_id").asString();
        l.group().react(l.olga(), post, "👍");
        alice.awaitEvent(l.room(), e -> e.path("type").asString().equals("m.reaction")
                && e.path("content").path("m.relates_to").path("key").asString().equals("👍"), WAIT);

        alice.sendEvent(l.room(), "m.reaction", Map.of("m.relates_to",
                Map.of("rel_type", "m.annotation", "event_id", postEvent, "key", "🔥")));
        Await.until("the bot's reaction", WAIT, () -> l.group().message(post.messageId()).orElseThrow()
                .reactions().getOrDefault(bot.id(), List.of()).equals(List.of("🔥")));
        String party = alice.sendEvent(l.room(), "m.reaction", Map.of("m.relates_to",
                Map.of("rel_type", "m.annotation", "event_id", postEvent, "key", "🎉")));
        Await.until("the latest reaction only", WAIT, () -> l.group().message(post.messageId()).orElseThrow()
                .reactions().getOrDefault(bot.id(), List.of()).equals(List.of("🎉")));

        alice.redact(l.room(), party, "");
        Await.until("the bot's reaction taken back", WAIT, () -> !l.group().message(post.messageId()).orElseThrow()
                .reactions().containsKey(bot.id()));
        String thumb = alice.awaitEvent(l.room(), e -> e.path("type").asString().equals("m.reaction")
                && e.path("content").path("m.relates_to").path("key").asString().equals("👍"), WAIT)
                .path("event_id").asString();
        l.group().react(l.olga(), post);
        alice.awaitEvent(l.room(), e -> e.path("type").asString().equals("m.room.redaction")
                && e.path("redacts").asString().equals(thumb), WAIT);
    }

    @Test
    void aFloodWaitDelaysButKeepsTheOrder() {
        Linked l = linked("Flood");
        telegram.throttleNext("sendMessage", 2, 1);
        for (int i = 1; i <= 4; i++) {
            alice.sendText(l.room(), "burst " + i);
        }
        botMessage(l.group(), bot, t -> t.equals("Alice: burst 4"));
        assertThat(l.group().messages().stream().map(m -> m.text().orElse("")).filter(t -> t.contains("burst")))
                .containsExactly("Alice: burst 1", "Alice: burst 2", "Alice: burst 3", "Alice: burst 4");
        assertThat(telegram.calls("sendMessage")).anyMatch(c -> c.status() == 429);
    }
}
