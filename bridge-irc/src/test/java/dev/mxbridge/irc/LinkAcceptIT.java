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

/**
 * Link mode accepting the link: the bridge listens, and ircd-hybrid connects to it when an operator says
 * {@code CONNECT matrix.localhost <port>} (TS6, as {@link LinkTs6IT}); after a {@code SQUIT} the bridge waits for the
 * next link and everyone is back when the operator connects again.
 */
class LinkAcceptIT {
    static final Path DIR = BridgeItSupport.dir("link-accept");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVER = LinkSetup.SERVER;
    static final int PORT = LinkSetup.freePort();

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.linkableHybrid(
            new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret", PORT));

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = LinkSetup.hybridBridge(DIR, hs, ircd, () -> LinkSetup.accepting(PORT));

    private static void connectAndAwaitLink(IrcTestClient oper) {
        oper.send("CONNECT " + SERVER); // hybrid 8 connects to the connect {} block's port, whatever else it is told
        LinkSetup.awaitLinked(oper, WAIT);
    }

    @Test
    void theIrcServerLinksToTheBridgeAndLinksAgainAfterASquit() {
        TestUser olga = it.user("Olga");
        try (IrcTestClient ivan = ircd.connect("ivan")) {
            ivan.send("OPER oper oper");
            ivan.await(l -> l.contains(" 381 "), WAIT);
            ivan.join("#accept");
            connectAndAwaitLink(ivan);

            String room = LinkSetup.talk(olga, ivan, "#accept", "hello over an accepted link", WAIT);

            ivan.send("SQUIT " + SERVER + " :test split");
            ivan.await(l -> l.contains(" QUIT ") && l.startsWith(":Olga[m]!"), WAIT);
            connectAndAwaitLink(ivan);
            ivan.await(l -> l.contains(" JOIN ") && l.startsWith(":Olga[m]!"), WAIT);
            olga.sendText(room, "after the second link");
            ivan.await(l -> l.contains(" PRIVMSG #accept :after the second link"), WAIT);
            ivan.message("#accept", "irc after the second link");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("irc after the second link"),
                    WAIT);
            assertThat(ivan.received().stream().filter(l -> l.contains(":hello over an accepted link"))).hasSize(1);
        }
    }
}
