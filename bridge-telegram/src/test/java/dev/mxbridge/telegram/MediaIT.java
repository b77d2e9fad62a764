package dev.mxbridge.telegram;

import static dev.mxbridge.telegram.ItSupport.WAIT;
import static dev.mxbridge.telegram.ItSupport.botMessage;
import static dev.mxbridge.telegram.ItSupport.botSays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.Content;
import dev.mxbridge.testkit.telegram.Entity;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Files, locations, contacts and polls both ways, and files over Telegram's limits (here made small). */
class MediaIT {
    static final Path DIR = ItSupport.dir("telegram-media");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);
    static final int DOWNLOAD_LIMIT = 64 * 1024;
    static final int UPLOAD_LIMIT = 256 * 1024;

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).downloadLimit(DOWNLOAD_LIMIT)
            .uploadLimit(UPLOAD_LIMIT).build();

    static FakeBot bot;
    static Bridge bridge;
    static TestUser alice;
    static FakeUser olga;
    static FakeChat group;
    static String room;

    @BeforeAll
    static void start() {
        bot = telegram.newBot("media_bot").canReadAllGroupMessages(true).create();
        bridge = ItSupport.start(DIR, hs.baseUrl(), PORT, telegram, bot,
                "limits: {send_interval: 0ms, group_per_minute: 0, download: 64KB, upload: 256KB}", Clock.systemUTC());
        alice = hs.registerUser();
        alice.setDisplayName("Alice");
        olga = telegram.newUser("Olga").create();
        group = telegram.newGroup("Media").createdBy(olga).adminBots(bot).create();
        room = ItSupport.link(alice, group, olga, bot);
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static JsonNode await(Predicate<JsonNode> content) {
        return alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.message")
                && e.path("sender").asString().startsWith("@_telegram_7") && content.test(e.path("content")), WAIT);
    }

    private static Predicate<JsonNode> msgtype(String type, String body) {
        return c -> c.path("msgtype").asString().equals(type) && c.path("body").asString().equals(body);
    }

    @Test
    void telegramFilesArriveAsMatrixMediaWithTheirCaptions() {
        byte[] image = PngImages.png(40, 30, Color.GREEN);
        group.from(olga).send(Content.photo(image).caption("a green box", Entity.bold(2, 5)));
        group.from(olga).send(Content.document("report".getBytes(StandardCharsets.UTF_8), "report.txt", "text/plain"));
        group.from(olga).send(Content.voice("OggS".getBytes(StandardCharsets.US_ASCII), 2));
        group.from(olga).send(Content.video(new byte[] {0, 0, 0, 24}, 320, 240, 1));
        group.from(olga).send(Content.sticker("RIFFWEBP".getBytes(StandardCharsets.US_ASCII), "😀"));
        group.from(olga).send(Content.animatedSticker("{}".getBytes(StandardCharsets.US_ASCII), "🎉"));
        group.from(olga).album(Content.photo(PngImages.png(10, 10, Color.RED)),
                Content.photo(PngImages.png(12, 12, Color.BLUE)));

        // The captioned photo is one event (Matrix v1.10 media captions): the caption is the body, formatted.
        JsonNode photo = await(msgtype("m.image", "a green box")).path("content");
        assertThat(photo.path("filename").asString()).isEqualTo("photo.jpg");
        assertThat(photo.path("format").asString()).isEqualTo("org.matrix.custom.html");
        assertThat(photo.path("formatted_body").asString()).isEqualTo("a <strong>green</strong> box");
        assertThat(photo.path("url").asString()).startsWith("mxc://");
        await(msgtype("m.file", "report.txt"));
        await(msgtype("m.audio", "voice.ogg"));
        await(msgtype("m.video", "video.mp4"));
        await(msgtype("m.image", "sticker 😀.webp"));
        await(msgtype("m.file", "sticker.tgs"));
        await(c -> c.path("msgtype").asString().equals("m.notice") && c.path("body").asString()
                .startsWith("(an animated Telegram sticker 🎉"));
        dev.mxbridge.testkit.Await.until("the album's two", WAIT, () -> alice.messages(room, 100).stream()
                .filter(e -> e.path("content").path("body").asString().equals("photo.jpg")).count() == 2);
        // Everything after the photo has arrived: its caption came with it, not as a text of its own.
        assertThat(alice.messages(room, 100)).noneMatch(e -> e.path("content").path("msgtype").asString().equals("m.text")
                && e.path("content").path("body").asString().contains("a green box"));
    }

    @Test
    void anEditedCaptionReplacesTheMediaEventWithTheNewCaption() {
        FakeMessage photo = group.from(olga).send(Content.photo(PngImages.png(8, 8, Color.GRAY)).caption("sunset"));
        JsonNode original = await(msgtype("m.image", "sunset"));
        String fileId = photo.json().path("photo").get(photo.json().path("photo").size() - 1).path("file_id").asString();

        group.edit(photo, "sunrise", Entity.italic(0, 3));

        JsonNode edit = await(msgtype("m.image", "* sunrise"));
        JsonNode relation = edit.path("content").path("m.relates_to");
        assertThat(relation.path("rel_type").asString()).isEqualTo("m.replace");
        assertThat(relation.path("event_id").asString()).isEqualTo(original.path("event_id").asString());
        JsonNode replacement = edit.path("content").path("m.new_content");
        assertThat(replacement.path("msgtype").asString()).isEqualTo("m.image");
        assertThat(replacement.path("body").asString()).isEqualTo("sunrise");
        assertThat(replacement.path("formatted_body").asString()).isEqualTo("<em>sun</em>rise");
        assertThat(replacement.path("filename").asString()).isEqualTo("photo.jpg");
        assertThat(replacement.path("url").asString()).as("the file as uploaded the first time")
                .isEqualTo(original.path("content").path("url").asString());
        assertThat(telegram.calls("getFile").stream().filter(c -> c.param("file_id").orElse("").equals(fileId)))
                .as("the file was fetched once, not again for the edit").hasSize(1);
    }

    @Test
    void aCaptionOfAFileTooLargeToFetchFollowsTheNoticeAndItsEditEditsIt() {
        FakeMessage big = group.from(olga).send(Content.document(new byte[DOWNLOAD_LIMIT + 1], "large.bin",
                "application/octet-stream").caption("the large one"));
        await(c -> c.path("msgtype").asString().equals("m.notice") && c.path("body").asString().startsWith("large.bin"));
        String caption = await(msgtype("m.text", "the large one")).path("event_id").asString();

        group.edit(big, "the largest one");

        JsonNode edit = await(msgtype("m.text", "* the largest one"));
        assertThat(edit.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(caption);
    }

    @Test
    void locationsContactsAndPollsArriveReadable() {
        group.from(olga).send(Content.location(59.33, 18.06));
        group.from(olga).send(Content.venue(48.85, 2.35, "Café", "1 Rue X"));
        group.from(olga).send(Content.contact("+15550100", "Sam", "Lee"));
        group.from(olga).send(Content.poll("Lunch?", "Pizza", "Sushi"));

        assertThat(await(msgtype("m.location", "Location")).path("content").path("geo_uri").asString())
                .isEqualTo("geo:59.33,18.06");
        await(msgtype("m.location", "Café, 1 Rue X"));
        await(msgtype("m.text", "Contact: Sam Lee, +15550100"));
        await(msgtype("m.text", "Poll: Lunch?\n1. Pizza\n2. Sushi"));
    }

    @Test
    void matrixFilesGoOutAsTelegramMedia() {
        String image = alice.upload(PngImages.png(20, 20, Color.ORANGE), "image/png", "dot.png");
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.image", "body", "dot.png", "url", image,
                "info", Map.of("mimetype", "image/png")));
        String file = alice.upload("notes".getBytes(StandardCharsets.UTF_8), "text/plain", "notes.txt");
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "notes.txt", "url", file,
                "info", Map.of("mimetype", "text/plain")));
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.location", "body", "Here",
                "geo_uri", "geo:51.5,-0.12"));

        FakeMessage photo = botMessage(group, bot, t -> t.equals("Alice: dot.png"));
        FakeMessage document = botMessage(group, bot, t -> t.equals("Alice: notes.txt"));
        assertThat(photo.json().has("photo")).isTrue();
        assertThat(document.json().path("document").path("file_name").asString()).isEqualTo("notes.txt");
        FakeMessage pin = group.awaitMessage(m -> m.json().has("location") && m.fromId().orElse(0L) == bot.id(), WAIT);
        assertThat(pin.json().path("location").path("latitude").asDouble()).isEqualTo(51.5);
    }

    @Test
    void aMatrixCaptionIsTheRelayedFilesCaptionAndItsEditEditsTheCaption() {
        String file = alice.upload("minutes".getBytes(StandardCharsets.UTF_8), "text/plain", "minutes.txt");
        String sent = alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "the minutes of Monday",
                "format", "org.matrix.custom.html", "formatted_body", "the minutes of <b>Monday</b>",
                "filename", "minutes.txt", "url", file, "info", Map.of("mimetype", "text/plain")));

        FakeMessage document = botMessage(group, bot, t -> t.equals("Alice: the minutes of Monday"));
        assertThat(document.json().path("document").path("file_name").asString()).isEqualTo("minutes.txt");
        assertThat(document.json().path("caption_entities").findValuesAsString("type")).contains("bold");

        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "* the minutes of Tuesday",
                "filename", "minutes.txt", "url", file,
                "m.new_content", Map.of("msgtype", "m.file", "body", "the minutes of Tuesday", "filename", "minutes.txt",
                        "url", file, "info", Map.of("mimetype", "text/plain")),
                "m.relates_to", Map.of("rel_type", "m.replace", "event_id", sent)));

        dev.mxbridge.testkit.Await.until("the caption edited in Telegram", WAIT, () -> group.message(document.messageId())
                .flatMap(FakeMessage::caption).orElse("").equals("Alice: the minutes of Tuesday"));
        assertThat(telegram.calls("editMessageCaption")).isNotEmpty();
        assertThat(group.message(document.messageId()).orElseThrow().json().path("document").path("file_name").asString())
                .isEqualTo("minutes.txt");
    }

    @Test
    void filesOverTheLimitsAreAnsweredWithANoticeBothWays() {
        group.from(olga).send(Content.document(new byte[DOWNLOAD_LIMIT + 1], "big.bin", "application/octet-stream"));
        await(c -> c.path("msgtype").asString().equals("m.notice") && c.path("body").asString()
                .startsWith("big.bin (64.0 KB) is too large for the bridge to fetch"));

        String huge = alice.upload(new byte[UPLOAD_LIMIT + 1], "application/octet-stream", "huge.bin");
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.file", "body", "huge.bin", "url", huge,
                "info", Map.of("mimetype", "application/octet-stream", "size", UPLOAD_LIMIT + 1)));
        botSays(alice, room, "huge.bin (256.0 KB) was not sent to Telegram: bots may upload files of up to 256.0 KB.");
        botMessage(group, bot, t -> t.equals("Alice: huge.bin — huge.bin (256.0 KB), too large for Telegram"));
    }
}
