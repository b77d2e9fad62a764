package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On any homeserver: a direct chat a Matrix user opens with an IRC user's ghost is a private conversation with that
 * IRC user through the user's puppet, and a display-name change renames the puppet named after it.
 */
class DirectChatsAndRenamesIT {
    static final Path DIR = BridgeItSupport.dir("direct-chats");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "");

    @Test
    void invitingAnIrcUsersGhostToADirectChatOpensAPrivateConversationWithThem() {
        try (IrcTestClient carol = ircd.connect("carol")) {
            TestUser pia = it.user("Pia");
            String dm = pia.createRoom(RoomOptions.create().direct().invite("@_irc_carol:localhost"));
            BridgeItSupport.await("carol's ghost in the direct chat", WAIT,
                    () -> pia.joinedMembers(dm).containsKey("@_irc_carol:localhost"));
            pia.sendText(dm, "hello carol, from matrix");
            String line = carol.await(l -> l.contains("PRIVMSG carol :hello carol, from matrix"), WAIT);
            assertThat(line).startsWith(":Pia[m]!");
            carol.send("PRIVMSG Pia[m] :hello pia, from irc");
            pia.awaitEvent(dm, e -> e.path("content").path("body").asString().equals("hello pia, from irc")
                    && e.path("sender").asString().equals("@_irc_carol:localhost"), WAIT);
        }
    }

    @Test
    void aDisplayNameChangeRenamesThePuppetNamedAfterIt() {
        try (IrcTestClient dora = ircd.connect("dora")) {
            dora.join("#renames");
            TestUser quin = it.user("Quin");
            String room = quin.join("#_irc_#renames:localhost");
            quin.sendText(room, "before the rename");
            dora.await(l -> l.startsWith(":Quin[m]!") && l.endsWith("PRIVMSG #renames :before the rename"), WAIT);
            quin.setDisplayName("Quincy");
            dora.await(l -> l.startsWith(":Quin[m]!") && l.contains(" NICK ") && l.endsWith("Quincy[m]"), WAIT);
            quin.sendText(room, "after the rename");
            dora.await(l -> l.startsWith(":Quincy[m]!") && l.endsWith("PRIVMSG #renames :after the rename"), WAIT);
        }
    }
}
