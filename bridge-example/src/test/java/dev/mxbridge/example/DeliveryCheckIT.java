package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.BridgeProcess;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Matrix → remote, the last window: the bridge dies right after the remote network took a message and before it
 * recorded that. After the restart the event is handled again; a network that can tell what arrived
 * ({@code DeliveryCheck}) is asked first and the message is not sent twice. Without the capability it is — the
 * window this closes.
 */
class DeliveryCheckIT {
    static final Path DIR = ItSupport.dir("delivery-check");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml")).build();

    private BridgeProcess bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.kill();
        }
    }

    private BridgeProcess start(Path config, Path outbox, String check) {
        return BridgeProcess.start(DIR.resolve("bridge.out"), PORT, OutboxBridgeMain.class,
                List.of(config.toString(), outbox.toString(), check));
    }

    /** Sends one, a message that crashes the bridge after the outbox took it, and after a restart three. */
    private List<String> texts(String check) throws Exception {
        String run = UUID.randomUUID().toString();
        Path config = DIR.resolve("config-" + run + ".yaml");
        Path outbox = DIR.resolve("outbox-" + run + ".txt");
        Files.writeString(config, ItSupport.configYaml(hs.baseUrl(), PORT, DIR.resolve("db-" + run)));
        bridge = start(config, outbox, check);
        TestUser alice = hs.registerUser();
        String room = alice.join("#_example_outbox-" + run.substring(0, 8) + ":localhost");
        alice.sendText(room, "one");
        ItSupport.await("one in the outbox", WAIT, () -> texts(outbox).size() == 1);
        alice.sendText(room, OutboxBridgeMain.CRASH + " two");
        assertThat(bridge.waitFor(WAIT)).as("the bridge died in the window").isTrue();
        bridge = start(config, outbox, check);
        alice.sendText(room, "three");
        ItSupport.await("three in the outbox", WAIT, () -> texts(outbox).stream().anyMatch(t -> t.endsWith("three")));
        return texts(outbox);
    }

    private static List<String> texts(Path outbox) {
        return OutboxBridgeMain.lines(outbox).stream().map(l -> l.substring(l.indexOf('\t') + 1).replaceFirst("^<[^>]*> ", ""))
                .toList();
    }

    @Test
    void aNetworkThatCanTellWhatArrivedGetsTheMessageOnceAfterACrashInTheWindow() throws Exception {
        assertThat(texts("check")).containsExactly("one", OutboxBridgeMain.CRASH + " two", "three");
    }

    @Test
    void withoutTheCheckTheMessageInTheWindowIsSentAgain() throws Exception {
        assertThat(texts("no-check")).containsExactly("one", OutboxBridgeMain.CRASH + " two",
                OutboxBridgeMain.CRASH + " two", "three");
    }
}
