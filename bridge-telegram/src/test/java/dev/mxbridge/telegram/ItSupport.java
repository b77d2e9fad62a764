package dev.mxbridge.telegram;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestPorts;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeMessage;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The Telegram bridge under test (one {@link BridgeUnderTest} extension), its registration and configuration, and
 * waiting helpers for its end-to-end tests.
 */
final class ItSupport {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BOT = "@_telegram_bot:localhost";
    private static final Pattern CODE = Pattern.compile("[A-Z2-9]{4}-[A-Z2-9]{4}");

    private ItSupport() {
    }

    static int freePort() {
        return TestPorts.free();
    }

    static Path dir(String name) {
        try {
            Path dir = Path.of("target", "it", name).toAbsolutePath();
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Synapse of a test class kept in {@code dir}, loading the registration {@link #bridge} writes there. */
    static Homeserver synapse(Path dir) {
        return Homeserver.synapse().registration(dir.resolve("registration.yaml")).build();
    }

    /** The fake Telegram without flood limits, for a test class's bridge. */
    static FakeTelegram fakeTelegram() {
        return FakeTelegram.builder().rateLimits(RateLimits.none()).build();
    }

    /**
     * The Telegram bridge under test as one extension (register only it): before the class it writes the
     * registration, starts {@code hs}, then {@code telegram}, then the bridge as {@code bot} on a fresh H2 database with
     * no pacing; after it, stops them in reverse order. {@code moreNetwork} adds lines to {@code network:}; it is asked
     * when the bridge starts, with the bridge's port.
     */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, FakeTelegram telegram, FakeBot bot,
                                          IntFunction<String> moreNetwork) {
        AtomicReference<BridgeUnderTest<Bridge>> self = new AtomicReference<>();
        BridgeUnderTest<Bridge> it = BridgeUnderTest.<Bridge>builder("telegram", dir, hs).server(telegram)
                .network(() -> networkYaml(telegram, bot, NO_PACING + "\n" + moreNetwork.apply(self.get().port())))
                .start(setup -> start(setup.configYaml(), setup.dir(), Clock.systemUTC()));
        self.set(it);
        return it;
    }

    /** As {@link #bridge(Path, Homeserver, FakeTelegram, FakeBot, IntFunction)}, with no more lines. */
    static BridgeUnderTest<Bridge> bridge(Path dir, Homeserver hs, FakeTelegram telegram, FakeBot bot) {
        return bridge(dir, hs, telegram, bot, port -> "");
    }

    /** A fresh registration for the Telegram bridge on {@code port}, written to {@code dir/registration.yaml}. */
    static Registration registration(Path dir, int port) {
        Registration r = Registration.builder().id("telegram").url(URI.create("http://127.0.0.1:" + port))
                .senderLocalpart("_telegram_bot").exclusiveUsers("_telegram_", "localhost").exclusiveAliases("_telegram_", "localhost").build();
        RegistrationYaml.write(r, dir.resolve("registration.yaml"));
        return r;
    }

    /**
     * Config text: short timeouts, a fresh H2 database, the fake's API, no pacing; {@code moreNetwork} adds lines
     * ({@code key: value}, newline-separated) to the network section.
     */
    static String configYaml(URI homeserver, int port, Path database, FakeTelegram telegram, FakeBot bot,
                             String moreNetwork) {
        return BridgeUnderTest.baseConfigYaml(homeserver, port, database) + "network:\n"
                + networkYaml(telegram, bot, moreNetwork).lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    /** The {@code network:} lines pointing the bridge at the fake as {@code bot}, then {@code moreNetwork}. */
    static String networkYaml(FakeTelegram telegram, FakeBot bot, String moreNetwork) {
        return """
                token: '%s'
                api_url: '%s'
                poll_timeout: 5s
                """.formatted(bot.token(), telegram.baseUrl()) + moreNetwork;
    }

    static final String NO_PACING = "limits: {send_interval: 0ms, group_per_minute: 0}";

    /** The bridge in this process, given the started core for files and notices. */
    static Bridge start(Path dir, URI homeserver, int port, FakeTelegram telegram, FakeBot bot, String moreNetwork,
                        Clock clock) {
        return start(dir, dir.resolve("db-" + UUID.randomUUID()), homeserver, port, telegram, bot, moreNetwork, clock);
    }

    /** As above, on a given database: a second start on it is the same bridge restarted. */
    static Bridge start(Path dir, Path database, URI homeserver, int port, FakeTelegram telegram, FakeBot bot,
                        String moreNetwork, Clock clock) {
        return start(configYaml(homeserver, port, database, telegram, bot, moreNetwork), dir, clock);
    }

    private static Bridge start(String yaml, Path dir, Clock clock) {
        TelegramConnector connector = new TelegramConnector(Map.of(), clock);
        Bridge bridge = Bridge.builder(ConfigYaml.parse(yaml, dir, Map.of(), "telegram")).network(connector).start();
        connector.bind(bridge);
        return bridge;
    }

    /** A Matrix room of {@code user} with the bridge's bot in it. */
    static String roomWithBot(TestUser user) {
        String room = user.createRoom();
        user.invite(room, BOT);
        Await.until("the bot to join", WAIT, () -> user.joinedMembers(room).containsKey(BOT));
        return room;
    }

    static JsonNode botSays(TestUser user, String room, String contains) {
        return user.awaitEvent(room, e -> e.path("sender").asString().equals(BOT)
                && e.path("content").path("body").asString().contains(contains), WAIT);
    }

    static JsonNode awaitBody(TestUser user, String room, Predicate<String> body) {
        return user.awaitEvent(room, e -> e.path("type").asString().equals("m.room.message")
                && body.test(e.path("content").path("body").asString()), WAIT);
    }

    static FakeMessage botMessage(FakeChat chat, FakeBot bot, Predicate<String> text) {
        return chat.awaitMessage(m -> m.fromId().filter(id -> id == bot.id()).isPresent()
                && text.test(m.text().or(m::caption).orElse("")), WAIT);
    }

    /** Links a new Matrix room of {@code user} to the group through {@code /link} by its admin; returns the room. */
    static String link(TestUser user, FakeChat group, dev.mxbridge.testkit.telegram.FakeUser admin, FakeBot bot) {
        String room = roomWithBot(user);
        long before = group.messages().size();
        group.from(admin).text("/link");
        String code = code(group.awaitMessage(m -> m.messageId() > before && m.fromId().orElse(0L) == bot.id()
                && m.text().orElse("").startsWith("Link code"), WAIT).text().orElseThrow());
        user.sendText(room, "!telegram link " + code);
        botSays(user, room, "Linked this room to");
        return room;
    }

    /** The link code in the bot's answer to {@code /link}. */
    static String code(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no link code in: " + text);
        }
        return m.group();
    }
}
