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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The IRC daemon is killed and restarted under the bridge: the bot and the puppets reconnect and rejoin, a message
 * sent during a short outage is delivered afterwards, and one that cannot be delivered is answered with a notice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {
    static final Path DIR = BridgeItSupport.dir("outage");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PUPPET = "Olga[m]";

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();


    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "send_timeout: 3s");
    static TestUser olga;
    static String room;

    @BeforeAll
    static void start() {
        // One send attempt waits 3 s for the connection; with the journal's 5 attempts a message waits about 15 s.
        olga = hs.registerUser();
        olga.setDisplayName("Olga");
        room = olga.join("#_irc_#outage:localhost");
    }

    /**
     * An IRC user in the channel once the bridge bot and olga's puppet are in it too. The two reconnect on back-off
     * timers of their own, so after an outage one may be back several seconds before the other.
     */
    private static IrcTestClient inChannelWithPuppet(String nick) {
        IrcTestClient user = ircd.connect(nick);
        user.join("#outage");
        BridgeItSupport.await("the bridge bot and " + PUPPET + " back in #outage", WAIT,
                () -> user.names("#outage", WAIT).containsAll(Set.of(PUPPET, "mxbridge")));
        return user;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void aMessageSentWhileTheIrcdIsDownIsDeliveredAfterItComesBack() {
        try (IrcTestClient carol = inChannelWithPuppet("carol")) {
            olga.sendText(room, "before the outage");
            carol.await(l -> l.startsWith(":" + PUPPET + "!") && l.endsWith("PRIVMSG #outage :before the outage"), WAIT);
        }
        ircd.stop();
        olga.sendText(room, "sent during the outage");
        sleep(Duration.ofSeconds(4));
        ircd.start();

        IrcTestClient dave = ircd.connect("dave");
        dave.join("#outage");
        dave.await(l -> l.startsWith(":" + PUPPET + "!") && l.endsWith("PRIVMSG #outage :sent during the outage"), WAIT);
        dave.close();

        try (IrcTestClient erin = inChannelWithPuppet("erin")) {
            // her names list showed both: the server relays her line after their joins, and the bot reads it after them
            erin.message("#outage", "and IRC reaches Matrix again");
            JsonNode back = olga.awaitEvent(room, e -> e.path("content").path("body").asString()
                    .equals("and IRC reaches Matrix again"), WAIT);
            assertThat(back.path("sender").asString()).isEqualTo("@_irc_erin:localhost");
        }
        assertThat(olga.messages(room, 100)).as("no failure notice for a message that was delivered")
                .noneMatch(e -> e.path("content").path("body").asString().startsWith("Not delivered"));
    }

    @Test
    @Order(2)
    void aMessageThatCannotBeDeliveredIsAnsweredWithANoticeAndTheBridgeRecovers() {
        ircd.stop();
        String lost = olga.sendText(room, "nobody will hear this");
        JsonNode notice = olga.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Not delivered"),
                Duration.ofSeconds(60));
        assertThat(notice.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString()).isEqualTo(lost);
        assertThat(notice.path("content").path("body").asString()).startsWith("Not delivered to IRC: the IRC connection "
                + PUPPET + " is down (could not connect to 127.0.0.1:" + ircd.port() + " (Connection refused); reconnecting)");
        assertThat(it.bridge().problem()).as("not ready while the bridge bot cannot reach IRC")
                .hasValueSatisfying(p -> assertThat(p).startsWith("the bridge bot is not connected to IRC"));
        ircd.start();
        dev.mxbridge.testkit.Await.until("ready again", WAIT, () -> it.bridge().problem().isEmpty());

        try (IrcTestClient frank = inChannelWithPuppet("frank")) {
            olga.sendText(room, "after the long outage");
            frank.await(l -> l.startsWith(":" + PUPPET + "!") && l.endsWith("PRIVMSG #outage :after the long outage"), WAIT);
            assertThat(frank.received()).as("the failed message is not sent late")
                    .noneMatch(l -> l.contains("nobody will hear this"));
        }
    }
}
