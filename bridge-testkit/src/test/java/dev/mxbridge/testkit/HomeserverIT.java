package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The test kit's homeserver, run by the build on Synapse and on Dendrite ({@link Homeserver#configured()}). */
class HomeserverIT {
    private static final Path REGISTRATION = Path.of("target", "it", "homeserver-it-registration.yaml");

    @RegisterExtension
    static Homeserver hs = Homeserver.configured().registration(REGISTRATION).build();

    // Written after the field is initialised, before the extension starts the server: that is the supported order.
    static {
        try {
            Files.createDirectories(REGISTRATION.getParent());
            Files.writeString(REGISTRATION, """
                    id: testkit-it
                    url: http://127.0.0.1:9
                    as_token: testkit-it-as-token
                    hs_token: testkit-it-hs-token
                    sender_localpart: testkitbot
                    rate_limited: false
                    namespaces:
                      users: [{exclusive: true, regex: '@testkit_.*:localhost'}]
                      aliases: [{exclusive: true, regex: '#testkit_.*:localhost'}]
                      rooms: []
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI firstBaseUrl;

    @BeforeAll
    static void recordServer() {
        firstBaseUrl = hs.baseUrl();
    }

    @Nested
    class NestedClass {
        @Test
        void sharesTheEnclosingClassesServer() {
            assertThat(hs.baseUrl()).isEqualTo(firstBaseUrl);
            assertThat(hs.registerUser().userId()).endsWith(":localhost");
        }
    }

    @Test
    void usersTalkInARoomAndReadTheConversationBack() {
        TestUser alice = hs.registerUser();
        TestUser bob = hs.registerUser();
        alice.setDisplayName("Alice");
        String alias = "lobby-" + System.nanoTime();
        String roomId = alice.createRoom(RoomOptions.create().name("Lobby").alias(alias).invite(bob.userId()));

        assertThat(bob.join("#" + alias + ":" + hs.serverName())).isEqualTo(roomId);
        String first = alice.sendText(roomId, "hello bob");
        bob.sendText(roomId, "hi alice");

        JsonNode reply = alice.awaitEvent(roomId, e -> e.path("content").path("body").asString().equals("hi alice"),
                Duration.ofSeconds(10));
        assertThat(reply.path("sender").asString()).isEqualTo(bob.userId());
        List<JsonNode> texts = alice.messages(roomId, 50).stream()
                .filter(e -> e.path("type").asString().equals("m.room.message")).toList();
        assertThat(texts).extracting(e -> e.path("content").path("body").asString())
                .containsExactly("hello bob", "hi alice");
        assertThat(texts.getFirst().path("event_id").asString()).isEqualTo(first);
        assertThat(bob.state(roomId, "m.room.name", "")).hasValueSatisfying(
                content -> assertThat(content.path("name").asString()).isEqualTo("Lobby"));
        assertThat(bob.state(roomId, "m.room.topic", "")).isEmpty();
        assertThat(bob.joinedMembers(roomId)).containsOnlyKeys(alice.userId(), bob.userId());
        assertThat(bob.joinedMembers(roomId).get(alice.userId()).displayName()).contains("Alice");
        assertThat(bob.profile(alice.userId()).displayName()).contains("Alice");

        bob.leave(roomId);
        assertThat(alice.joinedMembers(roomId)).containsOnlyKeys(alice.userId());
    }

    @Test
    void burstsAreNotRateLimited() {
        TestUser sender = hs.registerUser();
        String roomId = sender.createRoom();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(sender.sendText(roomId, "burst " + i));
        }
        assertThat(sent).doesNotHaveDuplicates().hasSize(40);
        for (int i = 0; i < 15; i++) {
            sender.createRoom();
        }
    }

    @Test
    void errorsCarryStatusAndErrcode() {
        TestUser owner = hs.registerUser();
        TestUser stranger = hs.registerUser();
        String roomId = owner.createRoom();
        assertThatThrownBy(() -> stranger.sendText(roomId, "let me in"))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errcode()).contains("M_FORBIDDEN");
                });
    }

    @Test
    @HomeserverGap(on = Homeserver.Implementation.DENDRITE, failsWith = "an alias in an exclusive namespace is refused",
            because = "Dendrite 0.13.8 lets any user create an alias in an application service's exclusive namespace")
    void registrationFileIsLoaded() {
        TestUser bot = TestUser.connect(hs.baseUrl(), "@testkitbot:localhost", "testkit-it-as-token");
        String roomId = bot.createRoom(RoomOptions.create().publicRoom().alias("testkit_portal"));
        TestUser visitor = hs.registerUser();
        assertThat(visitor.join("#testkit_portal:localhost")).isEqualTo(roomId);
        assertThat(visitor.joinedMembers(roomId)).containsKey("@testkitbot:localhost");
        assertThatThrownBy(() -> visitor.createRoom(RoomOptions.create().alias("testkit_mine")),
                "an alias in an exclusive namespace is refused")
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void theSharedSecretLoginModuleIsSynapseOnlyAndDendriteSaysSo() {
        if (hs.implementation() == Homeserver.Implementation.SYNAPSE) {
            assertThat(hs.loginSharedSecret()).matches("[0-9a-f]{64}");
        } else {
            assertThatThrownBy(hs::loginSharedSecret).isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> {
                assertThat(e.implementation()).isEqualTo(Homeserver.Implementation.DENDRITE);
                assertThat(e.getMessage()).startsWith("dendrite has no shared-secret login module")
                        .contains("com.devture.shared_secret_auth");
            });
        }
    }

    @Test
    void restartKeepsPortAndData() {
        TestUser alice = hs.registerUser();
        String roomId = alice.createRoom(RoomOptions.create().name("Durable"));
        String eventId = alice.sendText(roomId, "before the outage");
        URI baseUrl = hs.baseUrl();

        hs.stop();
        assertThatThrownBy(() -> alice.sendText(roomId, "during the outage")).isInstanceOf(TestKitException.class)
                .isNotInstanceOf(MatrixException.class);
        hs.start();

        assertThat(hs.baseUrl()).isEqualTo(baseUrl);
        assertThat(alice.messages(roomId, 20)).anySatisfy(e -> assertThat(e.path("event_id").asString())
                .isEqualTo(eventId));
        alice.sendText(roomId, "after the outage");
        assertThat(hs.logFile()).exists().startsWith(hs.instanceDir());
    }
}
