package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 4 of the foundation issue: the bridge process is killed with SIGKILL in the middle of a 1,000-message
 * stream and restarted; every message is handled, in order, and answered exactly once in the room.
 */
class CrashRecoveryIT {
    static final Path DIR = ItSupport.dir("crash");
    static final int PORT = ItSupport.freePort();
    static final Registration REGISTRATION = ItSupport.registration(DIR, PORT);
    static final int MESSAGES = 1000;
    static final String ECHO = "@_example_echo:localhost";

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    private Process bridge;
    private final Path log = DIR.resolve("handled.log");

    private Process startBridge() throws IOException {
        Path config = DIR.resolve("config.yaml");
        Files.writeString(config, ItSupport.configYaml(hs.baseUrl(), PORT, DIR.resolve("db")));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordingEchoMain.class.getName(), config.toString(), log.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve("bridge.out").toFile()));
        return pb.start();
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.destroyForcibly();
        }
    }

    @Test
    void aBridgeKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        for (String f : List.of("db.mv.db", "handled.log", "bridge.out")) {
            Files.deleteIfExists(DIR.resolve(f));
        }
        bridge = startBridge();
        TestUser alice = hs.registerUser();
        String room = alice.createRoom();
        alice.invite(room, REGISTRATION.botUserId("localhost"));
        ItSupport.await("the bot to join", Duration.ofSeconds(60),
                () -> alice.joinedMembers(room).containsKey(REGISTRATION.botUserId("localhost")));

        List<String> sent = new ArrayList<>();
        AtomicInteger progress = new AtomicInteger();
        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                sent.add(alice.sendText(room, "m" + i));
                progress.incrementAndGet();
            }
        });
        ItSupport.await("300 messages sent", Duration.ofSeconds(60), () -> progress.get() >= 300);
        bridge.destroyForcibly().waitFor(); // SIGKILL
        Thread.sleep(1_000);
        bridge = startBridge();
        sender.join(Duration.ofMinutes(3));
        assertThat(progress.get()).isEqualTo(MESSAGES);

        ItSupport.await("every message handled", Duration.ofMinutes(3), () -> handledIds().containsAll(sent));
        ItSupport.await("1,000 echoes", Duration.ofMinutes(3), () -> echoes(alice, room).size() >= MESSAGES);
        Thread.sleep(2_000);
        assertThat(echoes(alice, room)).as("answered exactly once each, in order")
                .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> "echo: m" + i).toList());

        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.split("\t");
            if (parts[0].equals("-")) {
                continue; // typing and receipts have no event id
            }
            int times = seen.merge(parts[0], 1, Integer::sum);
            if (times > 1) {
                assertThat(parts[1]).as("a second delivery of %s is flagged as a replay", parts[0]).isEqualTo("true");
            }
        }
        List<String> handledInOrder = Files.readAllLines(log).stream().map(l -> l.split("\t")[0])
                .filter(sent::contains).distinct().toList();
        assertThat(handledInOrder).as("first deliveries in per-room order").containsExactlyElementsOf(sent);

        // A transaction replayed by hand is a no-op, and so is the same event under a new transaction id.
        String txn = "{\"events\":[{\"type\":\"m.room.message\",\"room_id\":\"" + room + "\",\"event_id\":\"$manual\","
                + "\"sender\":\"" + alice.userId() + "\",\"origin_server_ts\":1,\"content\":{\"msgtype\":\"m.text\",\"body\":\"manual\"}}]}";
        HttpClient http = HttpClient.newHttpClient();
        for (String id : List.of("by-hand", "by-hand", "by-hand-under-a-new-id")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/_matrix/app/v1/transactions/" + id))
                    .header("Authorization", "Bearer " + REGISTRATION.hsToken()).PUT(HttpRequest.BodyPublishers.ofString(txn)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        String marker = "{\"events\":[{\"type\":\"m.room.message\",\"room_id\":\"" + room + "\",\"event_id\":\"$marker\","
                + "\"sender\":\"" + alice.userId() + "\",\"origin_server_ts\":2,\"content\":{\"msgtype\":\"m.text\",\"body\":\"marker\"}}]}";
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/_matrix/app/v1/transactions/marker"))
                .header("Authorization", "Bearer " + REGISTRATION.hsToken()).PUT(HttpRequest.BodyPublishers.ofString(marker)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        ItSupport.await("the marker after the manual event handled", Duration.ofSeconds(30), () -> handledIds().contains("$marker"));
        assertThat(Files.readAllLines(log).stream().filter(l -> l.startsWith("$manual\t"))).hasSize(1);
    }

    private Set<String> handledIds() {
        try {
            Set<String> ids = new HashSet<>();
            for (String line : Files.readAllLines(log)) {
                ids.add(line.split("\t")[0]);
            }
            return ids;
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static List<String> echoes(TestUser alice, String room) {
        return alice.messages(room, 5000).stream()
                .filter(e -> e.path("sender").asString().equals(ECHO) && e.path("type").asString().equals("m.room.message"))
                .map((JsonNode e) -> e.path("content").path("body").asString()).toList();
    }
}
