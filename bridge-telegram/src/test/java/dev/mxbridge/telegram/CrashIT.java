package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeProcess;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import dev.mxbridge.testkit.telegram.FakeBot;
import dev.mxbridge.testkit.telegram.FakeChat;
import dev.mxbridge.testkit.telegram.FakeTelegram;
import dev.mxbridge.testkit.telegram.FakeUser;
import dev.mxbridge.testkit.telegram.RateLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bridge as a process of its own, killed with SIGKILL while updates are between {@code getUpdates} and Matrix:
 * after the restart every message arrives, once, in order — the offset moved only past what was stored.
 */
class CrashIT {
    static final Path DIR = ItSupport.dir("telegram-crash");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);
    static final int MESSAGES = 400;

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    static FakeTelegram telegram = FakeTelegram.builder().rateLimits(RateLimits.none()).build();

    private BridgeProcess bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.kill();
        }
    }

    /** Started, not only listening: the AS API listens before the network has started (an alias query then 404s). */
    private BridgeProcess startBridge(Path config) {
        return BridgeProcess.start(DIR.resolve("bridge.out"), PORT, TelegramBridge.class,
                List.of("run", "-c", config.toString()));
    }

    private static List<String> received(TestUser alice, String room) {
        return alice.messages(room, 5000).stream()
                .filter(e -> e.path("type").asString().equals("m.room.message")
                        && e.path("sender").asString().startsWith("@_telegram_7"))
                .map(e -> e.path("content").path("body").asString()).toList();
    }

    @Test
    void aBridgeKilledBetweenGetUpdatesAndMatrixLosesNothingAndSendsNothingTwice() throws Exception {
        FakeBot bot = telegram.newBot("crash_bot").canReadAllGroupMessages(true).create();
        FakeUser olga = telegram.newUser("Olga").create();
        FakeChat group = telegram.newSupergroup("Crashing").username("crashgroup").createdBy(olga).adminBots(bot)
                .create();
        Path config = DIR.resolve("config.yaml");
        Files.writeString(config, ItSupport.configYaml(hs.baseUrl(), PORT, DIR.resolve("db-" + System.nanoTime()),
                telegram, bot, ItSupport.NO_PACING));
        bridge = startBridge(config);
        TestUser alice = hs.registerUser();
        String room = alice.join("#_telegram_crashgroup:localhost");

        IntStream.range(0, MESSAGES).forEach(i -> group.from(olga).text("line " + i));
        Await.until("some messages in Matrix", Duration.ofSeconds(120), () -> received(alice, room).size() >= 60);
        bridge.kill(); // SIGKILL, with updates polled and not yet all in Matrix
        assertThat(received(alice, room).size()).as("killed midway").isLessThan(MESSAGES);
        bridge = startBridge(config);

        Await.until("every message in Matrix", Duration.ofMinutes(3), () -> received(alice, room).size() >= MESSAGES);
        group.from(olga).text("marker"); // nothing more may come before it
        Await.until("the marker", Duration.ofSeconds(60), () -> received(alice, room).contains("marker"));
        List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "line " + i).toList();
        assertThat(received(alice, room)).as("each once, in order").containsExactlyElementsOf(
                java.util.stream.Stream.concat(expected.stream(), java.util.stream.Stream.of("marker")).toList());
    }
}
