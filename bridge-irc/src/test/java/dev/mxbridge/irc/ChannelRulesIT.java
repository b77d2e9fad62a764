package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.MatrixException;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The operator's channel rules ({@code network.channels}) and static mappings ({@code network.mappings}). */
class ChannelRulesIT {
    static final Path DIR = BridgeItSupport.dir("channel-rules");
    static final Duration WAIT = Duration.ofSeconds(20);

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();
    static TestUser pia;
    static String mapped;

    /** The mapping names a room Pia makes once the homeserver runs, before the bridge starts. */
    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, () -> {
        pia = hs.registerUser();
        pia.setDisplayName("Pia");
        mapped = pia.createRoom(RoomOptions.create().name("Mapped").publicRoom());
        return """
                channels: {deny: ['#secret*']}
                mappings: {'#mapped': '%s'}
                """.formatted(mapped);
    }, IrcConnector::new);

    @Test
    void aStaticMappingLinksTheRoomAtStartAndItsMembersGetPuppets() {
        pia.awaitEvent(mapped, e -> e.path("content").path("body").asString()
                .equals("Linked this room to #mapped (a mapping in the bridge's configuration)."), WAIT);
        try (IrcTestClient quinn = ircd.connect("quinn")) {
            quinn.join("#mapped");
            // pia was in the room before the link: she gets a puppet all the same
            quinn.send("NAMES #mapped");
            quinn.await(l -> l.contains(" 353 ") && l.contains("Pia[m]") || l.startsWith(":Pia[m]!") && l.contains(" JOIN "), WAIT);
            quinn.message("#mapped", "hello mapped room");
            JsonNode hello = pia.awaitEvent(mapped, e -> e.path("content").path("body").asString().equals("hello mapped room"), WAIT);
            assertThat(hello.path("sender").asString()).isEqualTo("@_irc_quinn:localhost");
        }
        assertThat(it.bridge().links().modeOf(mapped)).contains(dev.mxbridge.core.network.RoomMode.PLUMBED);
    }

    @Test
    void aDeniedChannelHasNoPortalAndCannotBeLinked() {
        assertThatThrownBy(() -> pia.join("#_irc_#secret-ops:localhost"))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(404));
        try (IrcTestClient watcher = ircd.connect("watcher")) {
            watcher.send("NAMES #secret-ops");
            watcher.await(l -> l.contains(" 366 "), WAIT);
            assertThat(watcher.received()).as("nobody, so no bridge bot, in the channel").noneMatch(l -> l.contains(" 353 "));
        }
        String room = pia.createRoom();
        pia.invite(room, "@_irc_bot:localhost");
        pia.awaitEvent(room, e -> e.path("type").asString().equals("m.room.member")
                && e.path("state_key").asString().equals("@_irc_bot:localhost")
                && e.path("content").path("membership").asString().equals("join"), WAIT);
        pia.sendText(room, "!irc link #secret-ops");
        pia.awaitEvent(room, e -> e.path("content").path("body").asString()
                .equals("Not linked: #secret-ops is excluded from bridging by the operator (#secret*)"), WAIT);
    }
}
