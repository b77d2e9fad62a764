package org.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.Await;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The Hello bridge against a real Synapse that the test kit installs and starts, and a Hello server of the test's. */
class HelloBridgeIT {
    static final Path DIR = Path.of("target", "it", "hello").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final HelloServer hello = new HelloServer();

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();

    @RegisterExtension
    @Order(2)
    static final BridgeUnderTest<Bridge> bridge = BridgeUnderTest.<Bridge>builder("hello", DIR, hs)
            .network(() -> "server: '" + hello.url() + "'")
            .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml(), setup.dir(), Map.of(), "hello"))
                    .network(new HelloNetwork()).start());

    private static JsonNode awaitBody(TestUser user, String room, String body) {
        return user.awaitEvent(room, e -> e.path("content").path("body").asString().equals(body), WAIT);
    }

    private static long count(TestUser user, String room, String body) {
        return user.messages(room, 100).stream().filter(e -> e.path("content").path("body").asString().equals(body)).count();
    }

    @Test
    void postsAndMessagesCrossBothWaysAndTheRelaysOwnPostsDoNotComeBack() {
        TestUser alice = bridge.user("Alice");
        String room = alice.join("#_hello_lobby:localhost");
        hello.post("lobby", "bob", "hi from Hello");
        assertThat(awaitBody(alice, room, "hi from Hello").path("sender").asString()).isEqualTo("@_hello_bob:localhost");

        alice.sendText(room, "hi from Matrix");
        Await.until("Alice's message on Hello", WAIT, () -> hello.posts("lobby").contains("matrix-relay: <Alice> hi from Matrix"));
        hello.post("lobby", "bob", "after the relay's post");
        awaitBody(alice, room, "after the relay's post");
        assertThat(count(alice, room, "<Alice> hi from Matrix")).as("the relay's post is not bridged back").isZero();
    }

    @Test
    void postsMadeWhileTheBridgeIsDownArriveOnceAfterItsRestart() {
        TestUser carol = bridge.user("Carol");
        String room = carol.join("#_hello_restart:localhost");
        hello.post("restart", "dave", "before the restart");
        awaitBody(carol, room, "before the restart");

        bridge.stop();
        hello.post("restart", "dave", "while the bridge is down");
        bridge.start();
        awaitBody(carol, room, "while the bridge is down");
        hello.post("restart", "dave", "after the restart");
        awaitBody(carol, room, "after the restart");
        assertThat(count(carol, room, "before the restart")).as("the stored position is where polling resumed").isEqualTo(1);
        assertThat(count(carol, room, "while the bridge is down")).isEqualTo(1);
    }
}
