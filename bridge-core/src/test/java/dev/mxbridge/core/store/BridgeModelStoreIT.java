package dev.mxbridge.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.message.MappedMessage;
import dev.mxbridge.core.message.MessageMap;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.network.RoomMode;
import dev.mxbridge.core.room.RoomStore;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.seal.SecretBox;
import dev.mxbridge.core.user.LoginStore;
import dev.mxbridge.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bridge model's repositories on the embedded H2 and on a real PostgreSQL. */
class BridgeModelStoreIT {
    @RegisterExtension
    static PostgresServer postgres = PostgresServer.start();

    @TempDir
    static Path dir;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("model").toAbsolutePath(), "sa", "", 4)),
                Arguments.of("PostgreSQL", new BridgeConfig.Database(postgres.jdbcUrl(), postgres.user(), postgres.password(), 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void linksAreManyToManyAndSurviveMovesAndUnlinks(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            RoomStore rooms = new RoomStore(db);
            RemoteRoomId general = new RemoteRoomId(name + "/general");
            RemoteRoomId random = new RemoteRoomId(name + "/random");
            String portal = "!portal-" + name + ":x";
            String plumbed = "!plumbed-" + name + ":x";
            rooms.link(portal, RoomMode.PORTAL, Optional.of("#_x_general:x"), general, "@bot:x");
            rooms.link(plumbed, RoomMode.PLUMBED, Optional.empty(), general, "@admin:x");
            rooms.link(plumbed, RoomMode.PLUMBED, Optional.empty(), random, "@admin:x");
            rooms.link(plumbed, RoomMode.PLUMBED, Optional.empty(), random, "@admin:x"); // idempotent

            assertThat(rooms.roomsFor(general)).containsExactlyInAnyOrder(portal, plumbed);
            assertThat(rooms.room(plumbed).orElseThrow().remotes()).containsExactlyInAnyOrder(general, random);
            assertThat(rooms.portalFor(general).orElseThrow().roomId()).isEqualTo(portal);

            rooms.setMode(portal, RoomMode.PLUMBED);
            assertThat(rooms.room(portal).orElseThrow().alias()).as("alias forgotten on becoming plumbed").isEmpty();
            assertThat(rooms.portalFor(general)).isEmpty();

            String upgraded = "!upgraded-" + name + ":x";
            rooms.move(plumbed, upgraded);
            assertThat(rooms.room(plumbed)).isEmpty();
            assertThat(rooms.roomsFor(random)).containsExactly(upgraded);

            rooms.setRelay(upgraded, Optional.of("@relay:x"));
            assertThat(rooms.room(upgraded).orElseThrow().relayUser()).contains("@relay:x");
            assertThat(rooms.unlink(upgraded, random)).isTrue();
            assertThat(rooms.unlink(upgraded, random)).isFalse();
            assertThat(rooms.unlink(upgraded, general)).isTrue();
            assertThat(rooms.room(upgraded)).as("a room without links is forgotten").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void messagePartsMapBothWays(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config); MessageMap map = new MessageMap(db)) {
            RemoteRoomId remote = new RemoteRoomId(name + "/chan");
            RemoteMessageId id = RemoteMessageId.of("m1-" + name);
            map.record(new MappedMessage("!a:x", "$a0-" + name, remote, id, "@ghost:x"));
            map.record(new MappedMessage("!a:x", "$a1-" + name, remote, id.part(1), "@ghost:x"));
            map.record(new MappedMessage("!b:x", "$b0-" + name, remote, id, "@ghost:x"));
            map.close();
            map.record(new MappedMessage("!b:x", "$b0-" + name, remote, id, "@ghost:x")); // replay: no-op
            RemoteRoomId other = new RemoteRoomId(name + "/other");
            map.record(new MappedMessage("!b:x", "$b0-" + name, other, RemoteMessageId.of("o1"), "@ghost:x"));
            map.close();

            assertThat(map.byRemote(remote, id)).extracting(MappedMessage::eventId).containsExactlyInAnyOrder("$a0-" + name, "$b0-" + name);
            assertThat(map.byRemote("!a:x", remote, id.part(1)).orElseThrow().eventId()).isEqualTo("$a1-" + name);
            assertThat(map.byEvent("!b:x", "$b0-" + name)).as("one row per linked remote room")
                    .extracting(MappedMessage::remoteId).containsExactlyInAnyOrder(id, RemoteMessageId.of("o1"));
            assertThat(map.byEvent("!b:x", "$b0-" + name, remote).orElseThrow().remoteId()).isEqualTo(id);
            assertThat(map.byEvent("!b:x", "$nope")).isEmpty();

            // recorded rows are seen at once, and are in the store once the writer has run
            RemoteMessageId later = RemoteMessageId.of("m2-" + name);
            map.record(new MappedMessage("!a:x", "$c0-" + name, remote, later, "@ghost:x"));
            assertThat(map.byRemote("!a:x", remote, later)).map(MappedMessage::eventId).hasValue("$c0-" + name);
            map.record(new MappedMessage("!b:x", "$d0-" + name, remote, later, "@ghost:x"));
            assertThat(map.byRemote(remote, later)).hasSize(2);
            map.close();
            try (MessageMap reopened = new MessageMap(db)) {
                assertThat(reopened.byRemote(remote, later)).extracting(MappedMessage::eventId)
                        .containsExactlyInAnyOrder("$c0-" + name, "$d0-" + name);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void loginsAreStoredSealedAndCannotBeMovedToAnotherUser(String name, BridgeConfig.Database config) {
        try (Database db = Database.open(config)) {
            SecretBox box = SecretBox.fromBase64Key(SecretBox.generateKey());
            LoginStore logins = new LoginStore(db, box);
            String user = "@alice-" + name + ":x";
            logins.put(new UserLogin(user, "alice", new RemoteUserId("alice"), Secret.of("hunter2")));
            assertThat(logins.of(user)).singleElement().satisfies(l -> assertThat(l.credentials().reveal()).isEqualTo("hunter2"));
            String stored = new Sql(db).first("SELECT credentials FROM user_login WHERE user_id = ?", rs -> rs.getString(1), user).orElseThrow();
            assertThat(stored).startsWith("v1:").doesNotContain("hunter2");

            new Sql(db).update("UPDATE user_login SET user_id = ? WHERE user_id = ?", "@mallory-" + name + ":x", user);
            assertThatThrownBy(() -> logins.of("@mallory-" + name + ":x")).as("bound to the user it was sealed for")
                    .isInstanceOf(RuntimeException.class);
            new Sql(db).update("UPDATE user_login SET user_id = ? WHERE user_id = ?", user, "@mallory-" + name + ":x");
            assertThat(logins.delete(user, "alice")).isTrue();
            assertThat(logins.of(user)).isEmpty();
            assertThat(List.of(logins.delete(user, "alice"))).containsExactly(false);
        }
    }
}
