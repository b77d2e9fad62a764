package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Idle puppets and readers: a Matrix user who only reads (read receipts) keeps their IRC connection, so a room of
 * readers is not paused by the privacy rule; one who does nothing at all is disconnected after idle_timeout.
 */
class IdleIT {
    static final Path DIR = BridgeItSupport.dir("idle");
    static final Duration WAIT = Duration.ofSeconds(20);

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();


    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "idle_timeout: 4s");

    @Test
    void aReaderKeepsTheirConnectionAndSomeoneDoingNothingIsDisconnected() throws Exception {
        TestUser reader = hs.registerUser();
        reader.setDisplayName("Reader");
        String room = reader.join("#_irc_#readers:localhost");
        try (IrcTestClient talker = ircd.connect("talker")) {
            talker.join("#readers");
            talker.send("NAMES #readers");
            talker.await(l -> l.contains(" 353 ") && l.contains("Reader[m]") || l.startsWith(":Reader[m]!") && l.contains(" JOIN "), WAIT);
            for (int i = 0; i < 8; i++) { // 8 s: twice the idle timeout
                talker.message("#readers", "line " + i);
                String line = "line " + i;
                JsonNode seen = reader.awaitEvent(room, e -> e.path("content").path("body").asString().equals(line), WAIT);
                reader.markRead(room, seen.path("event_id").asString());
                Thread.sleep(1000);
            }
            assertThat(talker.received()).as("the reader's puppet stayed").noneMatch(l -> l.startsWith(":Reader[m]!") && l.contains(" QUIT "));

            talker.await(l -> l.startsWith(":Reader[m]!") && l.contains(" QUIT "), Duration.ofSeconds(15));
        }
    }
}
