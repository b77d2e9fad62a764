package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.RoomOptions;
import dev.mxbridge.testkit.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What link mode does the same in every protocol, against a real ircd and a real Synapse ({@link LinkSetup}): the
 * bridge links in as the server {@code matrix.localhost}, Matrix users become users of that server with no
 * connection of their own, a channel becomes a portal without a bot in it, messages and topics flow both ways, an
 * IRC operator's ghost gets power level 50, a nick taken on IRC makes the bridge rename its own user instead of
 * killing the other, Matrix presence shows as AWAY, a kick, ops and a ban of a Matrix user's user reach Matrix (and a
 * kick and a power level from a Matrix user whose user holds ops reach IRC), and after a SQUIT, an IRC server
 * restart or a bridge restart the link comes back and introduces everyone again; a private chat and a static mapping
 * run through the link too. {@link LinkIT} runs it against ngIRCd (RFC 2813),
 * {@link LinkTs6IT} against ircd-hybrid (TS6), each with its {@link LinkSetup}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LinkContract {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CHANNEL = "#link";
    static final String ALIAS = "#_irc_#link:localhost";
    static final String SERVER = LinkSetup.SERVER;

    final LinkSetup setup;
    final Homeserver hs;
    final IrcServer ircd;
    final BridgeUnderTest<Bridge> it;
    TestUser olga;
    TestUser pavel;
    String room;

    LinkContract(LinkSetup setup) {
        this.setup = setup;
        this.hs = setup.hs;
        this.ircd = setup.ircd;
        this.it = setup.it;
    }

    /** What the ircd shows as the away message of a Matrix user whose status is {@code status}. */
    abstract String awayShown(String status);

    @BeforeAll
    void users() {
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

            olga.setPresence("unavailable", "at lunch");
            BridgeItSupport.await("Olga[m] away on IRC with her Matrix status", WAIT, () -> {
                ivan.send("WHOIS Olga[m]");
                ivan.await(l -> l.contains(" 318 "), WAIT);
                return ivan.received().stream().anyMatch(l -> l.contains(" 301 ")
                        && l.endsWith("Olga[m] :" + awayShown("at lunch")));
            });
            olga.setPresence("online", "");
        }
    }

    @Test
    @Order(2)
    void aNickTakenOnIrcRenamesTheBridgesUserAndKillsNobody() {
        try (IrcTestClient taken = ircd.connect("pavelirc"); IrcTestClient ivy = ircd.connect("ivy")) {
            taken.join(CHANNEL);
            taken.send("NICK Pavel[m]"); // a user name may not hold [ ]: take the nick after registering
            taken.await(l -> l.contains(" NICK ") && l.contains("Pavel[m]"), WAIT);
            taken.message(CHANNEL, "the nick is taken"); // in Matrix, so the bridge has read the NICK before it
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("the nick is taken"), WAIT);
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
        setup.quin.awaitEvent(setup.mapped, e -> e.path("content").path("body").asString()
                .equals("Linked this room to #lmapped (a mapping in the bridge's configuration)."), WAIT);
        try (IrcTestClient rita = ircd.connect("rita")) {
            rita.join("#lmapped");
            BridgeItSupport.await("Quin[m] in #lmapped", WAIT, () -> rita.names("#lmapped", WAIT).contains("Quin[m]"));
            rita.message("#lmapped", "hello mapped room");
            setup.quin.awaitEvent(setup.mapped, e -> e.path("content").path("body").asString().equals("hello mapped room")
                    && e.path("sender").asString().equals("@_irc_rita:localhost"), WAIT);
            setup.quin.sendText(setup.mapped, "hello rita");
            assertThat(rita.await(l -> l.contains(" PRIVMSG #lmapped :hello rita"), WAIT)).startsWith(":Quin[m]!");
        }
    }

    @Test
    @Order(8)
    void opsOnIrcAreAPowerLevelAMatrixTopicReachesTheChannelAndABanPutsTheUserOutAndKeepsThemOut() {
        try (IrcTestClient oskar = ircd.connect("oskar")) {
            oskar.join("#ban"); // first in: its operator
            String banRoom = pavel.join("#_irc_#ban:localhost");
            oskar.await(l -> l.contains(" JOIN ") && l.startsWith(":Paul[m]!"), WAIT);

            oskar.send("MODE #ban +o Paul[m]");
            BridgeItSupport.await("Paul[m]'s ops as power level 50 (puppet_ranks_to_matrix)", WAIT,
                    () -> pavel.state(banRoom, "m.room.power_levels", "").map(p -> p.path("users")
                            .path(pavel.userId()).asInt(0) == 50).orElse(false));
            pavel.sendState(banRoom, "m.room.topic", "", Map.of("topic", "a topic from matrix"));
            oskar.await(l -> l.startsWith(":Paul[m]!") && l.endsWith(" TOPIC #ban :a topic from matrix"), WAIT);

            oskar.send("MODE #ban +b Paul[m]!*@*");
            JsonNode left = pavel.awaitEvent(banRoom, e -> isMembership(e, pavel.userId(), "leave"), WAIT);
            assertThat(left.path("content").path("reason").asString())
                    .isEqualTo("IRC: banned from #ban by oskar (Paul[m]!*@*)");
            oskar.await(l -> l.startsWith(":Paul[m]!") && l.contains(" PART #ban"), WAIT);

            pavel.join(banRoom); // the ban stands: the bridge answers with it, and Paul[m] stays off the channel
            pavel.awaitEvent(banRoom, e -> isMembership(e, pavel.userId(), "leave") && e.path("content")
                    .path("reason").asString().equals("IRC: banned from #ban (Paul[m]!*@*)"), WAIT);
            assertThat(oskar.names("#ban", WAIT)).doesNotContain("Paul[m]");
            assertThat(oskar.received()).filteredOn(l -> l.startsWith(":Paul[m]!") && l.contains(" JOIN ")).hasSize(1);
        }
    }

    @Test
    @Order(9)
    void aMatrixUserWhoseUserIsChannelOperatorKicksAnIrcUserFromTheRoom() {
        try (IrcTestClient kurt = ircd.connect("kurt"); IrcTestClient kai = ircd.connect("kai")) {
            kurt.join("#kickirc"); // first in: its operator
            kai.join("#kickirc");
            String kickRoom = pavel.join("#_irc_#kickirc:localhost");
            kurt.await(l -> l.contains(" JOIN ") && l.startsWith(":Paul[m]!"), WAIT);
            BridgeItSupport.await("kai's ghost in the room", WAIT,
                    () -> pavel.joinedMembers(kickRoom).containsKey("@_irc_kai:localhost"));

            kurt.send("MODE #kickirc +o Paul[m]");
            BridgeItSupport.await("Paul[m]'s ops as power level 50, enough to kick in Matrix", WAIT,
                    () -> pavel.state(kickRoom, "m.room.power_levels", "").map(p -> p.path("users")
                            .path(pavel.userId()).asInt(0) == 50).orElse(false));

            pavel.kick(kickRoom, "@_irc_kai:localhost", "off topic");
            assertThat(kai.await(l -> l.contains(" KICK #kickirc kai "), WAIT))
                    .startsWith(":Paul[m]!").endsWith(":off topic");
            kurt.await(l -> l.startsWith(":Paul[m]!") && l.contains(" KICK #kickirc kai "), WAIT);
        }
    }

    @Test
    @Order(10)
    void aPowerLevelSetInMatrixIsAModeFromTheSettersUserWhenItHoldsOps() {
        try (IrcTestClient vera = ircd.connect("vera")) {
            vera.join("#kickirc");
            String kickRoom = pavel.join("#_irc_#kickirc:localhost"); // in it since the kick test, an operator
            BridgeItSupport.await("vera's ghost in the room", WAIT,
                    () -> pavel.joinedMembers(kickRoom).containsKey("@_irc_vera:localhost"));
            TestUser bot = TestUser.connect(hs.baseUrl(), "@_irc_bot:localhost", it.asToken());
            ObjectNode levels = (ObjectNode) bot.state(kickRoom, "m.room.power_levels", "").orElseThrow().deepCopy();
            ((ObjectNode) levels.get("users")).put(pavel.userId(), 100); // may change power levels in Matrix
            bot.sendState(kickRoom, "m.room.power_levels", "", levels);

            ((ObjectNode) levels.get("users")).put("@_irc_vera:localhost", 1);
            pavel.sendState(kickRoom, "m.room.power_levels", "", levels);
            assertThat(vera.await(l -> l.contains(" MODE #kickirc +v vera"), WAIT)).startsWith(":Paul[m]!");
        }
    }

    @Test
    @Order(11)
    void aMatrixUserWhoseUserIsChannelOperatorBansAnIrcUserAndLiftsTheBan() {
        try (IrcTestClient bert = ircd.connect("bert"); IrcTestClient bo = ircd.connect("bo")) {
            bert.join("#banirc"); // first in: its operator
            bo.join("#banirc");
            String banRoom = pavel.join("#_irc_#banirc:localhost");
            String joined = bert.await(l -> l.contains(" JOIN ") && l.startsWith(":Paul") && l.contains("[m]!"), WAIT);
            String paul = joined.substring(1, joined.indexOf('!')); // Paul[m], or another nick after TS6's kill tests
            BridgeItSupport.await("bo's ghost in the room", WAIT,
                    () -> pavel.joinedMembers(banRoom).containsKey("@_irc_bo:localhost"));
            bert.send("MODE #banirc +o " + paul);
            BridgeItSupport.await("Paul's ops as power level 50, enough to ban in Matrix", WAIT,
                    () -> pavel.state(banRoom, "m.room.power_levels", "").map(p -> p.path("users")
                            .path(pavel.userId()).asInt(0) == 50).orElse(false));

            pavel.sendState(banRoom, "m.room.member", "@_irc_bo:localhost", Map.of("membership", "ban", "reason", "spam"));
            String ban = bert.await(l -> l.startsWith(":" + paul + "!") && l.contains(" MODE #banirc +b "), WAIT);
            String mask = ban.substring(ban.indexOf(" +b ") + 4);
            assertThat(mask).as("bo's host, not the bridge's: banned as an operator's /kickban would").startsWith("*!*@")
                    .doesNotEndWith("@" + LinkSetup.SERVER);
            assertThat(bo.await(l -> l.contains(" KICK #banirc bo "), WAIT)).startsWith(":" + paul + "!").endsWith(":spam");
            bo.send("JOIN #banirc");
            bo.await(l -> l.contains(" 474 ") && l.contains(" #banirc "), WAIT); // ERR_BANNEDFROMCHAN

            pavel.sendState(banRoom, "m.room.member", "@_irc_bo:localhost", Map.of("membership", "leave"));
            bert.await(l -> l.startsWith(":" + paul + "!") && l.endsWith(" MODE #banirc -b " + mask), WAIT);
            bo.join("#banirc"); // let in again: the names after the join, not a 474
            BridgeItSupport.await("bo's ghost back in the room", WAIT,
                    () -> pavel.joinedMembers(banRoom).containsKey("@_irc_bo:localhost"));
        }
    }

    static boolean isMembership(JsonNode event, String userId, String membership) {
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
            BridgeItSupport.await("Olga[m] gone with the bridge's server, then back", WAIT, () -> {
                List<String> lines = ivan.received();
                boolean quit = false;
                for (String l : lines.subList(mark, lines.size())) {
                    // ngIRCd: our users part their channels before the bridge unlinks; hybrid: the split's QUIT
                    quit |= l.startsWith(":Olga[m]!") && (l.contains(" QUIT ") || l.contains(" PART " + CHANNEL));
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
