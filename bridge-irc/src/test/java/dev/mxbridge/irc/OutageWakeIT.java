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
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * After an outage long enough for the connections' back-off to grow, the ircd comes back and a new puppet is
 * welcomed long before their next attempt: the bridge bot and the other puppet try again at once instead of
 * sleeping on while IRC users talk to a channel whose Matrix users they see in it.
 */
class OutageWakeIT {
    static final Path DIR = BridgeItSupport.dir("outage-wake");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CHANNEL = "#wake";
    static final String ALIAS = "#_irc_#wake:localhost";

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();


    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "");
    static TestUser olga;
    static TestUser pavel;
    static String room;

    @BeforeAll
    static void start() {
        olga = hs.registerUser();
        olga.setDisplayName("Olga");
        pavel = hs.registerUser();
        pavel.setDisplayName("Pavel");
        room = olga.join(ALIAS);
    }

    @Test
    void theBotAndPuppetsRetryAsSoonAsAPuppetIsWelcomedAfterAnOutage() throws InterruptedException {
        try (IrcTestClient carol = ircd.connect("carol")) {
            carol.join(CHANNEL);
            BridgeItSupport.await("the bridge bot and Olga[m] in " + CHANNEL, WAIT,
                    () -> carol.names(CHANNEL, WAIT).containsAll(Set.of("mxbridge", "Olga[m]")));
        }
        // The bot retries after 1, 2, 4 and 8 s, about 15 s into the outage, and then sleeps 16 s.
        ircd.stop();
        Thread.sleep(Duration.ofSeconds(17));
        ircd.start();
        pavel.join(ALIAS); // a new puppet, which connects at once

        try (IrcTestClient dave = ircd.connect("dave")) {
            dave.join(CHANNEL);
            BridgeItSupport.await("Pavel[m] in " + CHANNEL, WAIT, () -> dave.names(CHANNEL, WAIT).contains("Pavel[m]"));
            // Without the wake-up they would come back only at their next attempt, some 13 s later; until both
            // are, dave's lines are lost for Matrix (the bot reads the channel; Olga[m] is needed by
            // require_matrix_joined).
            BridgeItSupport.await("the bridge bot and Olga[m] back in " + CHANNEL + " soon after Pavel[m]",
                    Duration.ofSeconds(5), () -> dave.names(CHANNEL, WAIT).containsAll(Set.of("mxbridge", "Olga[m]")));
            dave.message(CHANNEL, "heard on Matrix right away");
            JsonNode line = olga.awaitEvent(room, e -> e.path("content").path("body").asString()
                    .equals("heard on Matrix right away"), WAIT);
            assertThat(line.path("sender").asString()).isEqualTo("@_irc_dave:localhost");
        }
    }

    @Test
    void withNoNewConnectionTheFirstToFailProbesSoTheBridgeIsBackWithinSecondsOfTheIrcd() throws InterruptedException {
        try (IrcTestClient erin = ircd.connect("erin")) {
            erin.join(CHANNEL);
            BridgeItSupport.await("the bridge bot and Olga[m] in " + CHANNEL, WAIT,
                    () -> erin.names(CHANNEL, WAIT).containsAll(Set.of("mxbridge", "Olga[m]")));
        }
        // About 15 s into the outage the connections back off for 16 s; one of them probes every 2 s instead.
        ircd.stop();
        Thread.sleep(Duration.ofSeconds(17));
        ircd.start();

        try (IrcTestClient frank = ircd.connect("frank")) {
            frank.join(CHANNEL);
            // Without the probe they would come back only at their next attempt, some 13 s later.
            BridgeItSupport.await("the bridge bot and Olga[m] back in " + CHANNEL + " within seconds",
                    Duration.ofSeconds(8), () -> frank.names(CHANNEL, WAIT).containsAll(Set.of("mxbridge", "Olga[m]")));
        }
    }
}
