package dev.mxbridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Client-Server API client against a real Synapse, acting as the bot and as ghosts with the as_token. */
class MatrixClientIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final Registration REGISTRATION = writeRegistration();

    @RegisterExtension
    static Homeserver hs = Homeserver.synapse().registration(registrationFile()).build();

    static MatrixClient client;
    static TestUser alice;

    private static Path registrationFile() {
        return Path.of("target", "it", "client-registration.yaml");
    }

    private static Registration writeRegistration() {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort(); // nothing listens here: pings must fail cleanly
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Registration r = Registration.builder().id("clientit").url(URI.create("http://127.0.0.1:" + unusedPort))
                .senderLocalpart("_it_bot").exclusiveUsers("_it_", "localhost").exclusiveAliases("_it_", "localhost").build();
        RegistrationYaml.write(r, registrationFile());
        return r;
    }

    @BeforeAll
    static void connect() {
        client = MatrixClient.create(MatrixClientConfig.of(hs.baseUrl(), REGISTRATION.asToken(), hs.serverName(),
                UserId.of("_it_bot", hs.serverName())));
        client.bot().register();
        alice = hs.registerUser();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static ObjectNode text(String body) {
        return JSON.createObjectNode().put("msgtype", "m.text").put("body", body);
    }

    private static Intent ghost(String name) {
        return client.intent(UserId.of("_it_" + name, hs.serverName()));
    }

    @Test
    void aGhostRegistersOnceSetsItsProfileAndSendsWithAMassagedTimestamp() {
        Intent ghost = ghost("carol");
        assertThat(ghost.register()).isTrue();
        assertThat(ghost.register()).as("second registration is a no-op").isFalse();
        assertThat(ghost.whoami().userId()).isEqualTo(ghost.userId());
        ghost.setDisplayName("Carol (remote)");
        assertThat(ghost.profile().displayName()).contains("Carol (remote)");
        assertThat(alice.profile(ghost.userId().value()).displayName()).contains("Carol (remote)");

        String room = alice.createRoom();
        alice.invite(room, ghost.userId().value());
        ghost.join(new RoomId(room));
        Instant then = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        EventId sent = ghost.withTimestamp(then).sendEvent(new RoomId(room), "m.room.message", text("from the past"), "msg-1");

        JsonNode seen = alice.awaitEvent(room, e -> e.path("event_id").asString().equals(sent.value()), Duration.ofSeconds(10));
        assertThat(seen.path("sender").asString()).isEqualTo(ghost.userId().value());
        assertThat(seen.path("origin_server_ts").asLong()).isEqualTo(then.toEpochMilli());
    }

    @Test
    void sendingTwiceWithTheSameKeyPostsOneMessage() {
        Intent ghost = ghost("dave");
        ghost.register();
        String room = alice.createRoom();
        alice.invite(room, ghost.userId().value());
        ghost.join(new RoomId(room));
        EventId first = ghost.sendEvent(new RoomId(room), "m.room.message", text("once"), "remote-msg-42");
        EventId second = ghost.sendEvent(new RoomId(room), "m.room.message", text("once"), "remote-msg-42");
        EventId other = ghost.sendEvent(new RoomId(room), "m.room.message", text("twice"), "remote-msg-43");
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        alice.awaitEvent(room, e -> e.path("event_id").asString().equals(other.value()), Duration.ofSeconds(10));
        List<String> bodies = alice.messages(room, 50).stream().filter(e -> e.path("type").asString().equals("m.room.message"))
                .map(e -> e.path("content").path("body").asString()).toList();
        assertThat(bodies).containsExactly("once", "twice");
    }

    @Test
    void theBotManagesARoomItsAliasesMembersAndDirectoryListing() {
        Intent bot = client.bot();
        RoomAlias alias = RoomAlias.of("_it_lobby", hs.serverName());
        RoomId room = bot.createRoom(CreateRoom.builder().aliasLocalpart("_it_lobby").name("Lobby").topic("Bridged lobby")
                .invite(new UserId(alice.userId())).build());
        assertThat(bot.resolveAlias(alias)).hasValueSatisfying(r -> assertThat(r.roomId()).isEqualTo(room));
        assertThat(bot.stateContent(room, "m.room.name", "")).hasValueSatisfying(c -> assertThat(c.path("name").asString()).isEqualTo("Lobby"));
        assertThat(bot.stateContent(room, "m.room.avatar", "")).isEmpty();
        bot.sendState(room, "m.room.topic", "", JSON.createObjectNode().put("topic", "New topic"));
        assertThat(alice.join(alias.value())).isEqualTo(room.value());
        assertThat(bot.joinedMembers(room)).containsKeys(bot.userId(), new UserId(alice.userId()));
        assertThat(bot.roomState(room)).anySatisfy(e -> assertThat(e.path("content").path("topic").asString()).isEqualTo("New topic"));

        bot.setDirectoryVisibility(room, Visibility.PUBLIC);
        assertThat(bot.directoryVisibility(room)).isEqualTo(Visibility.PUBLIC);

        RoomAlias second = RoomAlias.of("_it_lobby2", hs.serverName());
        bot.createAlias(second, room);
        bot.createAlias(second, room); // idempotent
        assertThat(bot.deleteAlias(second)).isTrue();
        bot.deleteAlias(second); // Synapse answers an application service 200 even for a missing alias
        assertThat(bot.resolveAlias(second)).isEmpty();

        bot.kick(room, new UserId(alice.userId()), "testing kicks");
        assertThat(bot.joinedMembers(room)).doesNotContainKey(new UserId(alice.userId()));
        bot.ban(room, new UserId(alice.userId()), "");
        assertThatThrownBy(() -> alice.join(room.value())).hasMessageContaining("403");
        bot.unban(room, new UserId(alice.userId()));
        bot.invite(room, new UserId(alice.userId()));
        assertThat(alice.join(room.value())).isEqualTo(room.value());
        bot.leave(room);
        assertThat(alice.joinedMembers(room.value())).doesNotContainKey(bot.userId().value());
    }

    @Test
    void reactionsRedactionsTypingAndReceiptsReachTheRoom() {
        Intent ghost = ghost("erin");
        ghost.register();
        String room = alice.createRoom();
        alice.invite(room, ghost.userId().value());
        ghost.join(new RoomId(room));
        String target = alice.sendText(room, "react to me");
        EventId reaction = ghost.react(new RoomId(room), new EventId(target), "👍", "reaction-1");
        JsonNode seen = alice.awaitEvent(room, e -> e.path("event_id").asString().equals(reaction.value()), Duration.ofSeconds(10));
        assertThat(seen.path("content").path("m.relates_to").path("key").asString()).isEqualTo("👍");
        ghost.setTyping(new RoomId(room), true, Duration.ofSeconds(5));
        ghost.setTyping(new RoomId(room), false, Duration.ZERO);
        ghost.markRead(new RoomId(room), new EventId(target));
        EventId redaction = ghost.redact(new RoomId(room), reaction, "changed my mind", "redaction-1");
        alice.awaitEvent(room, e -> e.path("event_id").asString().equals(redaction.value()), Duration.ofSeconds(10));
        assertThat(alice.messages(room, 50)).filteredOn(e -> e.path("event_id").asString().equals(reaction.value()))
                .singleElement().satisfies(e -> assertThat(e.path("content").isEmpty()).as("redacted content").isTrue());
    }

    @Test
    void mediaRoundTripsThroughAuthenticatedEndpoints() {
        byte[] content = "a small text file ✓".getBytes(StandardCharsets.UTF_8);
        MxcUri uri = client.bot().upload(content, "text/plain", "note.txt");
        assertThat(uri.server()).isEqualTo(hs.serverName());
        Media media = client.bot().download(uri);
        assertThat(media.content()).isEqualTo(content);
        assertThat(media.contentType()).startsWith("text/plain");
    }

    @Test
    void errorsCarryTheHomeserversErrcodeAndStatus() {
        assertThatThrownBy(() -> client.bot().join(new RoomId("!nowhere:localhost")))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isIn(403, 404));
        MatrixClient wrongToken = MatrixClient.create(MatrixClientConfig.of(hs.baseUrl(), "not-our-token", hs.serverName(),
                UserId.of("_it_bot", hs.serverName())));
        assertThatThrownBy(() -> wrongToken.bot().whoami())
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
                });
        wrongToken.close();
        assertThatThrownBy(() -> client.intent(new UserId(alice.userId())).whoami())
                .as("users outside our namespace cannot be asserted")
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void aPingToAnAppServiceThatIsNotListeningReportsTheFailure() {
        assertThatThrownBy(() -> client.ping(REGISTRATION.id()))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.errcode()).isEqualTo("M_CONNECTION_FAILED");
                });
    }
}
