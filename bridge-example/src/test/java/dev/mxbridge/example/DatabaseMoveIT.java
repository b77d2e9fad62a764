package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.cli.BridgeCli;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.PostgresServer;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The operator's move from the embedded H2 to PostgreSQL: a bridge that ran on H2 is stopped, {@code migrate-db}
 * copies its database, and the bridge started on PostgreSQL still knows its portal, its ghosts, which remote post
 * each Matrix event is (edits go on both ways) and a user's login (sealed credentials: their messages still go out as
 * them, not through the relay).
 */
class DatabaseMoveIT {
    static final Path DIR = ItSupport.dir("database-move");
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();
    static volatile Optional<String> postgresDatabase = Optional.empty();

    @RegisterExtension
    @Order(1) // started first and dropped last: the bridge stops before its database goes
    static final PostgresServer postgres = PostgresServer.start();

    @RegisterExtension
    @Order(2)
    static final BridgeUnderTest<Bridge> bridge = BridgeUnderTest.<Bridge>builder("example", DIR, hs)
            .start(setup -> Bridge.builder(ConfigYaml.parse(postgresDatabase.map(db -> setup.configYaml()
                            .replaceFirst("database: \\{url: '[^']*'}", db)).orElse(setup.configYaml()),
                    setup.dir(), Map.of(), "example")).network(new ExampleNetwork(chat)).start());

    @Test
    void aBridgeMovedFromH2ToPostgresKeepsItsPortalGhostsAndMessageMap() throws Exception {
        TestUser alice = bridge.user("Alice");
        chat.createRoom("moving", "Moving");
        String room = alice.join("#_example_moving:localhost");
        ExampleChat.Post carols = chat.post("moving", "Carol", "from the chat, before", Optional.empty());
        JsonNode carolsEvent = alice.awaitEvent(room, e -> e.path("content").path("body").asString().equals("from the chat, before"),
                Duration.ofSeconds(20));
        String mine = alice.sendText(room, "from matrix, before");
        ItSupport.await("alice's message posted", Duration.ofSeconds(20),
                () -> chat.posts("moving").stream().anyMatch(p -> p.text().endsWith("from matrix, before")));
        ExampleChat.Post minePost = chat.posts("moving").stream().filter(p -> p.text().endsWith("from matrix, before")).findFirst().orElseThrow();
        TestUser hana = bridge.user("Hana");
        chat.register("hana", "hana-password");
        String dm = hana.createRoom(RoomOptions.create().invite("@_example_bot:localhost"));
        ItSupport.await("the bot in hana's DM", Duration.ofSeconds(20),
                () -> hana.joinedMembers(dm).containsKey("@_example_bot:localhost"));
        hana.sendText(dm, "!example login");
        botSays(hana, dm, "Username?");
        hana.sendText(dm, "hana");
        botSays(hana, dm, "Password?");
        hana.sendText(dm, "hana-password");
        botSays(hana, dm, "Logged in as hana.");
        String hanasPortal = hana.join("#_example_moving:localhost");

        bridge.stop();
        Path config = DIR.resolve("config.yaml");
        Files.writeString(config, bridge.configYaml());
        int code = BridgeCli.run("example", new String[] {"migrate-db", "-c", config.toString(), "--to", postgres.jdbcUrl(),
                "--to-user", postgres.user(), "--batch-size", "10"}, c -> {
                    throw new AssertionError("migrate-db starts no bridge");
                });
        assertThat(code).isZero();
        postgresDatabase = Optional.of("database: {url: '" + postgres.jdbcUrl() + "', user: '" + postgres.user() + "'}");
        bridge.start();

        assertThat(bridge.bridge().config().database().url()).startsWith("jdbc:postgresql:");
        assertThat(alice.join("#_example_moving:localhost")).as("the same portal").isEqualTo(room);
        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "* from matrix, edited",
                "m.new_content", Map.of("msgtype", "m.text", "body", "from matrix, edited"),
                "m.relates_to", Map.of("rel_type", "m.replace", "event_id", mine)));
        ItSupport.await("the edit reaches the post sent before the move", Duration.ofSeconds(20),
                () -> chat.posts("moving").stream().anyMatch(p -> p.id().equals(minePost.id()) && p.text().endsWith("from matrix, edited")));
        chat.edit(carols.id(), "from the chat, edited");
        JsonNode edit = alice.awaitEvent(room, e -> e.path("content").path("m.new_content").path("body").asString()
                .equals("from the chat, edited"), Duration.ofSeconds(20));
        assertThat(edit.path("content").path("m.relates_to").path("event_id").asString()).as("edits the event from before the move")
                .isEqualTo(carolsEvent.path("event_id").asString());
        assertThat(edit.path("sender").asString()).isEqualTo(carolsEvent.path("sender").asString());

        hana.sendText(hanasPortal, "hana, after the move");
        ItSupport.await("hana's message after the move posted", Duration.ofSeconds(20),
                () -> chat.posts("moving").stream().anyMatch(p -> p.text().endsWith("hana, after the move")));
        assertThat(chat.posts("moving")).filteredOn(p -> p.text().endsWith("hana, after the move")).singleElement()
                .as("sent through hana's login from before the move, not the relay")
                .extracting(ExampleChat.Post::author).isEqualTo("hana");
        hana.sendText(dm, "!example whoami");
        botSays(hana, dm, "logins [hana (hana)]");
    }

    private static void botSays(TestUser user, String dm, String text) {
        user.awaitEvent(dm, e -> e.path("sender").asString().equals("@_example_bot:localhost")
                && e.path("content").path("body").asString().contains(text), Duration.ofSeconds(20));
    }
}
