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
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A channel operator kicks and bans a Matrix user's puppet on IRC: the user leaves the portal with the IRC reason
 * and is told why in their private room with the bot, the puppet does not slip back in, a rejoin while banned is
 * answered with the ban and the kick before it, and the room goes on for the others under require_matrix_joined.
 * With puppet_ranks_to_matrix, ops and voice given to a Matrix user's puppet set their power level in the portal.
 */
class ModerationIT {
    static final Path DIR = BridgeItSupport.dir("moderation");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CHANNEL = "#mod";
    static final String ALIAS = "#_irc_#mod:localhost";

    static final Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "puppet_ranks_to_matrix: true\n");
    static TestUser olga;
    static TestUser pavel;
    /** The rooms the bot invited olga to: its private room with her. */
    static final Set<String> privateRooms = new LinkedHashSet<>();

    @BeforeAll
    static void users() {
        olga = hs.registerUser();
        olga.setDisplayName("Olga");
        pavel = hs.registerUser();
        pavel.setDisplayName("Pavel");
    }

    @Test
    void aKickAndABanOnIrcReachTheMatrixUserAndTheRoomGoesOnForTheOthers() {
        try (IrcTestClient opal = ircd.connect("opal")) {
            opal.join(CHANNEL); // first in: channel operator
            String room = olga.join(ALIAS);
            pavel.join(ALIAS);
            BridgeItSupport.await("Olga[m] and Pavel[m] in " + CHANNEL, WAIT,
                    () -> opal.names(CHANNEL, WAIT).containsAll(Set.of("Olga[m]", "Pavel[m]")));

            opal.send("KICK " + CHANNEL + " Olga[m] :spam");

            JsonNode kicked = pavel.awaitEvent(room, e -> isLeaveOf(e, olga), WAIT);
            assertThat(kicked.path("content").path("reason").asString())
                    .isEqualTo("IRC: kicked from #mod by opal (spam)");
            assertThat(told(olga, "kicked from #mod by opal (spam)")).contains("Joining the room again");
            opal.message(CHANNEL, "after the kick");
            pavel.awaitEvent(room, e -> e.path("content").path("body").asString().equals("after the kick"), WAIT);
            assertThat(opal.names(CHANNEL, WAIT)).as("the puppet did not slip back in").doesNotContain("Olga[m]")
                    .contains("Pavel[m]");

            opal.send("MODE " + CHANNEL + " +b Olga[m]!*@*");
            opal.await(l -> l.contains(" MODE " + CHANNEL + " +b "), WAIT);
            olga.join(ALIAS);

            JsonNode refused = pavel.awaitEvent(room, e -> isLeaveOf(e, olga)
                    && e.path("content").path("reason").asString().contains("banned"), WAIT);
            assertThat(refused.path("content").path("reason").asString())
                    .isEqualTo("IRC: banned from #mod (earlier kicked from #mod by opal (spam))");
            assertThat(told(olga, "banned from #mod")).contains("kicked from #mod by opal (spam)");
            opal.message(CHANNEL, "after the ban");
            pavel.awaitEvent(room, e -> e.path("content").path("body").asString().equals("after the ban"), WAIT);
        }
    }

    private static boolean isLeaveOf(JsonNode event, TestUser user) {
        return event.path("type").asString().equals("m.room.member")
                && event.path("state_key").asString().equals(user.userId())
                && event.path("content").path("membership").asString().equals("leave");
    }

    /** The body of the bot's notice to the user, in their private room with it, that contains {@code text}. */
    private static String told(TestUser user, String text) {
        String[] found = new String[1];
        BridgeItSupport.await("a notice to " + user.userId() + " saying " + text, WAIT, () -> {
            for (String invite : user.invites()) {
                privateRooms.add(user.join(invite));
            }
            for (String privateRoom : privateRooms) {
                for (JsonNode e : user.messages(privateRoom, 20)) {
                    String body = e.path("content").path("body").asString();
                    if (e.path("content").path("msgtype").asString().equals("m.notice") && body.contains(text)) {
                        found[0] = body;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void opsAndVoiceGivenToAPuppetSetItsUsersPowerLevelInThePortal() {
        try (IrcTestClient opal = ircd.connect("opal2")) {
            opal.join("#ranks"); // first in: channel operator
            String room = pavel.join("#_irc_#ranks:localhost");
            BridgeItSupport.await("Pavel[m] in #ranks", WAIT, () -> opal.names("#ranks", WAIT).contains("Pavel[m]"));

            opal.send("MODE #ranks +o Pavel[m]");
            BridgeItSupport.await("Pavel at power level 50", WAIT, () -> level(room, pavel) == 50);
            opal.send("MODE #ranks -o+v Pavel[m] Pavel[m]");
            BridgeItSupport.await("Pavel at power level 1", WAIT, () -> level(room, pavel) == 1);
            opal.send("MODE #ranks -v Pavel[m]");
            BridgeItSupport.await("Pavel back at the default", WAIT, () -> level(room, pavel) == 0);
        }
    }

    private static long level(String room, TestUser user) {
        JsonNode levels = user.state(room, "m.room.power_levels", "").orElseThrow();
        JsonNode explicit = levels.path("users").path(user.userId());
        return explicit.isNumber() ? explicit.asLong() : levels.path("users_default").asLong(0);
    }
}
