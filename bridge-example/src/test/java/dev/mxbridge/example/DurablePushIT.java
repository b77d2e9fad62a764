package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.BridgeProcess;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Remote → Matrix keeps the journal's promise: a network that acknowledges only what {@code pushDurably} stored
 * loses nothing and duplicates nothing when the bridge is killed with SIGKILL mid-stream, or when the homeserver is
 * down for a while.
 */
class DurablePushIT {
    static final Path DIR = ItSupport.dir("durable-push");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);
    static final int MESSAGES = 1000;

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    private BridgeProcess bridge;
    private Path feed;
    private Path config;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.kill();
        }
    }

    private BridgeProcess startBridge() {
        return BridgeProcess.start(DIR.resolve("bridge.out"), PORT, FeedBridgeMain.class, List.of(config.toString(), feed.toString()));
    }

    private String prepare(TestUser alice) throws Exception {
        String run = UUID.randomUUID().toString();
        feed = DIR.resolve("feed-" + run + ".txt");
        config = DIR.resolve("config-" + run + ".yaml");
        Files.writeString(config, ItSupport.configYaml(hs.baseUrl(), PORT, DIR.resolve("db-" + run)));
        bridge = startBridge();
        return alice.join("#_example_feed:localhost");
    }

    private void write(int from, int to) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append("line ").append(i).append('\n');
        }
        Files.writeString(feed, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> received(TestUser alice, String room) {
        return alice.messages(room, 5000).stream()
                .filter(e -> e.path("type").asString().equals("m.room.message")
                        && e.path("sender").asString().equals("@_example_writer:localhost"))
                .map(e -> e.path("content").path("body").asString()).toList();
    }

    private static List<String> expected() {
        return IntStream.range(0, MESSAGES).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void aBridgeKilledMidStreamLosesAndDuplicatesNothingFromTheNetwork() throws Exception {
        TestUser alice = hs.registerUser();
        String room = prepare(alice);
        write(0, MESSAGES);
        ItSupport.await("about 300 messages in Matrix", Duration.ofSeconds(120), () -> received(alice, room).size() >= 300);
        bridge.kill(); // SIGKILL
        bridge = startBridge();
        ItSupport.await("1,000 messages in Matrix", Duration.ofMinutes(3), () -> received(alice, room).size() >= MESSAGES);
        write(MESSAGES, MESSAGES + 1); // a marker after which nothing more may come
        ItSupport.await("the marker", Duration.ofSeconds(60), () -> received(alice, room).contains("line " + MESSAGES));
        assertThat(received(alice, room)).as("each once, in order").startsWith(expected().toArray(String[]::new))
                .hasSize(MESSAGES + 1);
    }

    @Test
    void messagesStoredWhileTheHomeserverIsDownArriveOnceInOrderWhenItReturns() throws Exception {
        TestUser alice = hs.registerUser();
        String room = prepare(alice);
        write(0, 300);
        ItSupport.await("300 messages in Matrix", Duration.ofSeconds(120), () -> received(alice, room).size() >= 300);
        hs.stop();
        write(300, MESSAGES);
        Thread.sleep(30_000); // the outage: the network keeps delivering, the bridge keeps storing
        hs.start();
        ItSupport.await("1,000 messages in Matrix", Duration.ofMinutes(3), () -> received(alice, room).size() >= MESSAGES);
        write(MESSAGES, MESSAGES + 1);
        ItSupport.await("the marker", Duration.ofSeconds(60), () -> received(alice, room).contains("line " + MESSAGES));
        assertThat(received(alice, room)).as("each once, in order").startsWith(expected().toArray(String[]::new))
                .hasSize(MESSAGES + 1);
    }
}
