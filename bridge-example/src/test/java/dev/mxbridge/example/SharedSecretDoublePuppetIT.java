package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Double puppeting by the homeserver's shared-secret login module ({@code bridge.double_puppet.secrets}), against a
 * real Synapse with shared-secret-authenticator: no {@code login-matrix} needed.
 */
class SharedSecretDoublePuppetIT {
    static final Path DIR = ItSupport.dir("shared-secret");
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = BridgeUnderTest.<Bridge>builder("example", DIR, hs)
            .start(setup -> Bridge.builder(ConfigYaml.parse(setup.configYaml().replace("bridge: {",
                            "bridge: {double_puppet: {secrets: {localhost: '" + hs.loginSharedSecret() + "'}}, "),
                    setup.dir(), Map.of(), "example")).network(new ExampleNetwork(chat)).start());

    @Test
    void aLoggedInUsersNativeMessagesComeFromTheirOwnAccountThroughTheSharedSecret() throws Exception {
        TestUser ida = hs.registerUser();
        chat.register("ida", "pw");
        String dm = ida.createRoom(RoomOptions.create().invite("@_example_bot:localhost"));
        ItSupport.await("the bot in the DM", Duration.ofSeconds(20),
                () -> ida.joinedMembers(dm).containsKey("@_example_bot:localhost"));
        for (String[] step : new String[][] {{"!example login", "Username?"}, {"ida", "Password?"}, {"pw", "Logged in as ida."}}) {
            ida.sendText(dm, step[0]);
            ida.awaitEvent(dm, e -> e.path("sender").asString().equals("@_example_bot:localhost")
                    && e.path("content").path("body").asString().contains(step[1]), Duration.ofSeconds(20));
        }
        chat.createRoom("native", "Native");
        String room = ida.join("#_example_native:localhost");

        chat.post("native", "ida", "typed in the native client", Optional.empty());

        JsonNode message = ida.awaitEvent(room,
                e -> e.path("content").path("body").asString().equals("typed in the native client"), Duration.ofSeconds(20));
        assertThat(message.path("sender").asString()).as("from ida's real account").isEqualTo(ida.userId());
        Thread.sleep(500);
        assertThat(chat.posts("native")).as("not bridged back")
                .filteredOn(p -> p.text().contains("typed in the native client")).hasSize(1);
    }
}
