package dev.mxbridge.irc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Link mode in TS6 against a real ircd-hybrid 8 and a real Synapse: the bridge links in as the server
 * {@code matrix.localhost} with SID {@code 0MX} (hybrid is {@code 1HY}); hybrid's burst (UID, SJOIN, TBURST) makes
 * ghosts, ours introduces Matrix users by UID; messages, topics, private messages (UID targets both ways), nick changes
 * and kicks flow; a nick taken on IRC makes the bridge rename its own user instead of killing the other; and after a
 * SQUIT or a restart of hybrid the link comes back with nothing lost, nothing doubled and no membership storm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkTs6IT {
    static final Path DIR = BridgeItSupport.dir("link-ts6");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CHANNEL = "#link";
    static final String ALIAS = "#_irc_#link:localhost";
    static final String SERVER = "matrix.localhost";

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.linkableHybrid(new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret"));

    static TestUser quin;
    static String mapped;

    /** The mapping names a room Quin makes once the homeserver runs, before the bridge first starts. */
    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, () -> {
        if (mapped == null) { // the configuration is made again at each start: the same room
            quin = hs.registerUser();
            quin.setDisplayName("Quin");
            mapped = quin.createRoom(RoomOptions.create().name("Mapped").publicRoom());
        }
        return """
                mappings: {'#lmapped': '%s'}
                link:
                  protocol: ts6
                  sid: 0MX
                  server_name: %s
                  send_password: bridge-secret
                  accept_password: ircd-secret
                  retry_min: 200ms
                  retry_max: 1s
                """.formatted(mapped, SERVER);
    }, IrcConnector::new);
    static TestUser olga;
    static TestUser pavel;
    static String room;

    @BeforeAll
    static void users() {
        olga = hs.registerUser();
        olga.setDisplayName("Olga");
        pavel = hs.registerUser();
        pavel.setDisplayName("Pavel");
    }

    @Test
    @Order(1)
    void matrixUsersAreUsersOfTheBridgesServerAndMessagesFlowBothWays() {
        try (IrcTestClient ivan = ircd.connect("ivan")) {
            ivan.join(CHANNEL);
            ivan.send("TOPIC " + CHANNEL + " :linked topic");
            ivan.await(l -> l.contains(" TOPIC " + CHANNEL), WAIT);
            BridgeItSupport.await("the bridge linked as " + SERVER, WAIT, () -> {
                ivan.send("LINKS");
                return ivan.received().stream().anyMatch(l -> l.contains(" 364 ") && l.contains(SERVER));
            });

            room = olga.join(ALIAS);
            String join = ivan.await(l -> l.contains(" JOIN ") && l.startsWith(":Olga[m]!"), WAIT);
            assertThat(join).as("a user of our server, not a client connection").contains("@" + SERVER + " ");
            olga.awaitEvent(room, e -> e.path("type").asString().equals("m.room.topic")
                    && e.path("content").path("topic").asString().equals("linked topic"), WAIT);

            BridgeItSupport.await("ivan, first in " + CHANNEL + " and so its operator, at power level 50", WAIT,
                    () -> olga.state(room, "m.room.power_levels", "").map(p -> p.path("users")
                            .path("@_irc_ivan:localhost").asInt(0) == 50).orElse(false));

            olga.sendText(room, "hello from matrix");
            assertThat(ivan.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :hello from matrix"), WAIT))
                    .startsWith(":Olga[m]!");

            ivan.message(CHANNEL, "hello from irc");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("hello from irc"), WAIT);

            ivan.send("TOPIC " + CHANNEL + " :a new topic");
            olga.awaitEvent(room, e -> e.path("type").asString().equals("m.room.topic")
                    && e.path("content").path("topic").asString().equals("a new topic"), WAIT);
        }
    }

    @Test
    @Order(2)
    void aNickTakenOnIrcRenamesTheBridgesUserAndKillsNobody() {
        try (IrcTestClient taken = ircd.connect("pavelirc"); IrcTestClient ivy = ircd.connect("ivy")) {
            taken.send("NICK Pavel[m]"); // a user name may not hold [ ]: take the nick after registering
            taken.await(l -> l.contains(" NICK ") && l.contains("Pavel[m]"), WAIT);
            ivy.join(CHANNEL);
            pavel.join(ALIAS);
            ivy.await(l -> l.contains(" JOIN ") && l.startsWith(":Pavel2[m]!"), WAIT);

            pavel.sendText(room, "pavel here");
            assertThat(ivy.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :pavel here"), WAIT))
                    .startsWith(":Pavel2[m]!");
            taken.message("ivy", "still here");
            ivy.await(l -> l.endsWith(" PRIVMSG ivy :still here"), WAIT);
            assertThat(taken.isConnected()).as("the IRC user holding the nick was not killed").isTrue();
        }
    }

    @Test
    @Order(3)
    void aDroppedLinkComesBackWithNothingLostNothingDoubledAndNoMembershipStormInMatrix() {
        try (IrcTestClient ivo = ircd.connect("ivo")) {
            ivo.join(CHANNEL);
            long joined = olga.awaitEvent(room, e -> isMembership(e, "@_irc_ivo:localhost", "join"), WAIT)
                    .path("origin_server_ts").asLong();
            ivo.send("OPER oper oper");
            ivo.await(l -> l.contains(" 381 "), WAIT);

            ivo.send("SQUIT " + SERVER + " :test split");
            ivo.await(l -> l.contains(" QUIT ") && l.startsWith(":Olga[m]!"), WAIT);
            olga.sendText(room, "during the split");

            ivo.await(l -> l.contains(" JOIN ") && l.startsWith(":Olga[m]!"), WAIT);
            ivo.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :during the split"), WAIT);
            ivo.message(CHANNEL, "irc after the split");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("irc after the split"), WAIT);
            olga.sendText(room, "marker after the split");
            ivo.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :marker after the split"), WAIT);

            assertThat(ivo.received().stream().filter(l -> l.contains(":during the split"))).hasSize(1);
            assertThat(olga.messages(room, 30).stream()
                    .filter(e -> e.path("type").asString().equals("m.room.member")
                            && e.path("state_key").asString().equals("@_irc_ivo:localhost")
                            && e.path("origin_server_ts").asLong() > joined
                            && !e.path("unsigned").path("prev_content").path("membership").asString().equals("join")))
                    .as("ivo stayed on IRC through the split: its ghost neither left nor joined again (a display "
                            + "name set is no membership change)")
                    .isEmpty();
        }
    }

    @Test
    @Order(4)
    void aRenameOnMatrixIsANickChangeAndAKickOnIrcRemovesTheMatrixUser() {
        try (IrcTestClient opal = ircd.connect("opal")) {
            opal.join("#kick");
            String kickRoom = pavel.join("#_irc_#kick:localhost");
            opal.await(l -> l.contains(" JOIN ") && l.startsWith(":Pavel2[m]!"), WAIT);

            pavel.setDisplayName("Paul");
            opal.await(l -> l.startsWith(":Pavel2[m]!") && l.contains(" NICK ") && l.endsWith("Paul[m]"), WAIT);

            opal.send("KICK #kick Paul[m] :off topic");
            JsonNode left = pavel.awaitEvent(kickRoom, e -> isMembership(e, pavel.userId(), "leave"), WAIT);
            assertThat(left.path("content").path("reason").asString())
                    .isEqualTo("IRC: kicked from #kick by opal (off topic)");
        }
    }

    @Test
    @Order(6)
    void aPrivateChatRunsThroughTheLinkBothWays() {
        try (IrcTestClient carol = ircd.connect("carol")) {
            TestUser pia = it.user("Pia");
            String dm = pia.createRoom(RoomOptions.create().direct().invite("@_irc_carol:localhost"));
            BridgeItSupport.await("carol's ghost in the direct chat", WAIT,
                    () -> pia.joinedMembers(dm).containsKey("@_irc_carol:localhost"));
            pia.sendText(dm, "hello carol, from matrix");
            assertThat(carol.await(l -> l.contains("PRIVMSG carol :hello carol, from matrix"), WAIT))
                    .startsWith(":Pia[m]!").contains("@" + SERVER + " ");
            carol.send("PRIVMSG Pia[m] :hello pia, from irc");
            pia.awaitEvent(dm, e -> e.path("content").path("body").asString().equals("hello pia, from irc")
                    && e.path("sender").asString().equals("@_irc_carol:localhost"), WAIT);
        }
    }

    @Test
    @Order(7)
    void aStaticMappingLinksTheRoomAndItsMembersAreUsersOfTheBridgesServer() {
        quin.awaitEvent(mapped, e -> e.path("content").path("body").asString()
                .equals("Linked this room to #lmapped (a mapping in the bridge's configuration)."), WAIT);
        try (IrcTestClient rita = ircd.connect("rita")) {
            rita.join("#lmapped");
            BridgeItSupport.await("Quin[m] in #lmapped", WAIT, () -> rita.names("#lmapped", WAIT).contains("Quin[m]"));
            rita.message("#lmapped", "hello mapped room");
            quin.awaitEvent(mapped, e -> e.path("content").path("body").asString().equals("hello mapped room")
                    && e.path("sender").asString().equals("@_irc_rita:localhost"), WAIT);
            quin.sendText(mapped, "hello rita");
            assertThat(rita.await(l -> l.contains(" PRIVMSG #lmapped :hello rita"), WAIT)).startsWith(":Quin[m]!");
        }
    }

    @Test
    @Order(8)
    void anOperatorsKillOfAMatrixUsersUserBringsThemBackUnderTheNextNickWithoutLeavingMatrix() {
        try (IrcTestClient ken = ircd.connect("ken")) {
            ken.send("OPER oper oper");
            ken.await(l -> l.contains(" 381 "), WAIT);
            ken.join(CHANNEL);
            BridgeItSupport.await("Paul[m] in " + CHANNEL, WAIT, () -> ken.names(CHANNEL, WAIT).contains("Paul[m]"));
            ken.send("KILL Paul[m] :as a collision would");
            ken.await(l -> l.startsWith(":Paul[m]!") && l.contains(" QUIT "), WAIT);
            ken.await(l -> l.startsWith(":Paul2[m]!") && l.contains(" JOIN "), WAIT);
            pavel.sendText(room, "still here after the kill");
            assertThat(ken.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :still here after the kill"), WAIT))
                    .startsWith(":Paul2[m]!");
            assertThat(pavel.joinedMembers(room)).containsKey(pavel.userId());
        }
    }

    @Test
    @Order(9)
    void anOlderUserOfAnotherServerTakesTheNickByTsRulesAndOursComesBackUnderAnother() throws Exception {
        try (IrcTestClient kim = ircd.connect("kim"); Socket collider = new Socket(ircd.host(), ircd.port())) {
            kim.join(CHANNEL);
            String ours = kim.names(CHANNEL, WAIT).stream().filter(n -> n.startsWith("Pa")).findFirst().orElseThrow();
            collider.setSoTimeout((int) WAIT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(collider.getInputStream(), UTF_8));
            OutputStream out = collider.getOutputStream();
            long now = System.currentTimeMillis() / 1000;
            out.write(("PASS collider TS 6 :9CO\r\nCAPAB :QS ENCAP EX IE TBURST EOB\r\n"
                    + "SERVER collider.localhost 1 9CO + :a raw TS6 server of the test\r\n"
                    + ":9CO SVINFO 6 6 0 :" + now + "\r\n").getBytes(UTF_8));
            for (String line = in.readLine(); !line.startsWith("PING "); line = in.readLine()) {
                assertThat(line).doesNotStartWith("ERROR");
            }
            // a user far older than ours under its nick, from another user@host: hybrid's TS rules kill ours
            out.write((":9CO UID " + ours + " 1 1000 + other other.host other.host 0 9COAAAAAA * :older\r\n"
                    + ":9CO EOB\r\n:9CO PONG collider.localhost :1HY\r\n").getBytes(UTF_8));
            kim.await(l -> l.startsWith(":" + ours + "!") && l.contains(" QUIT "), WAIT);
            String back = kim.await(l -> l.contains(" JOIN ") && l.contains("@" + SERVER + " "), WAIT);
            assertThat(back).doesNotStartWith(":" + ours + "!");
            String nick = back.substring(1, back.indexOf('!'));
            pavel.sendText(room, "back after the collision");
            assertThat(kim.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :back after the collision"), WAIT))
                    .startsWith(":" + nick + "!");
            kim.send("WHOIS " + ours);
            assertThat(kim.await(l -> l.contains(" 311 "), WAIT)).as("the older user holds the nick")
                    .contains(" other other.host ");
            assertThat(pavel.joinedMembers(room)).containsKey(pavel.userId());
        }
    }

    private static boolean isMembership(JsonNode event, String userId, String membership) {
        return event.path("type").asString().equals("m.room.member")
                && event.path("state_key").asString().equals(userId)
                && event.path("content").path("membership").asString().equals(membership);
    }

    @Test
    @Order(5)
    void afterTheIrcServerRestartsTheLinkComesBackWithEveryone() {
        ircd.stop();
        ircd.start();
        try (IrcTestClient ivan = ircd.connect("ivan")) {
            ivan.join(CHANNEL);
            BridgeItSupport.await("Olga[m] back in " + CHANNEL + " after the re-link", WAIT,
                    () -> ivan.names(CHANNEL, WAIT).contains("Olga[m]"));

            olga.sendText(room, "after the re-link");
            ivan.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :after the re-link"), WAIT);
            ivan.message(CHANNEL, "irc after the re-link");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("irc after the re-link"), WAIT);
            olga.sendText(room, "marker");
            ivan.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :marker"), WAIT);
            assertThat(ivan.received().stream().filter(l -> l.contains(":after the re-link"))).hasSize(1);

            int mark = ivan.received().size();
            it.stop();
            it.start(); // a bridge restart: one link made again, and everyone introduced again from the store
            BridgeItSupport.await("Olga[m] split off with the bridge's server, then back", WAIT, () -> {
                List<String> lines = ivan.received();
                boolean quit = false;
                for (String l : lines.subList(mark, lines.size())) {
                    quit |= l.startsWith(":Olga[m]!") && l.contains(" QUIT ");
                    if (quit && l.startsWith(":Olga[m]!") && l.contains(" JOIN ")) {
                        return true;
                    }
                }
                return false;
            });
            ivan.message(CHANNEL, "irc after the restart");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("irc after the restart"), WAIT);
            olga.sendText(room, "after the restart"); // Synapse may wait out its back-off for the restarted bridge
            ivan.await(l -> l.contains(" PRIVMSG " + CHANNEL + " :after the restart"), WAIT.multipliedBy(3));

            olga.leave(room);
            ivan.await(l -> l.startsWith(":Olga[m]!") && l.contains(" PART " + CHANNEL + " :left the Matrix room"),
                    WAIT);
            BridgeItSupport.await("Olga[m] gone from IRC (in no channel with ivan, so he sees no QUIT)", WAIT, () -> {
                ivan.send("WHOIS Olga[m]");
                return ivan.await(l -> l.contains(" 401 ") || l.contains(" 318 "), WAIT).contains(" 401 ");
            });
        }
    }
}
