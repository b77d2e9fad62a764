package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The IRC bridge end to end: a real homeserver (Synapse, and Dendrite in the build's profile {@code dendrite}), a real
 * ngIRCd, and people on IRC speaking raw IRC.
 */
class IrcBridgeIT {
    static final Path DIR = BridgeItSupport.dir("irc-bridge");
    static final Duration WAIT = Duration.ofSeconds(20);

    static final Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();


    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "");
    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = hs.registerUser();
        alice.setDisplayName("Alice M");
    }

    private static JsonNode await(String room, Predicate<JsonNode> p) {
        return alice.awaitEvent(room, p, WAIT);
    }

    private static Predicate<JsonNode> body(String sender, String text) {
        return e -> e.path("sender").asString().equals(sender) && e.path("content").path("body").asString().equals(text);
    }

    private static String ghost(String nick) {
        return "@_irc_" + nick + ":localhost";
    }

    /** An IRC user in the channel, once the bridge bot and alice's puppet are there too. */
    private static IrcTestClient ircUser(String nick, String channel) {
        IrcTestClient user = ircd.connect(nick);
        user.join(channel);
        return user;
    }

    private static String portal(String channel) {
        return alice.join("#_irc_" + channel + ":localhost");
    }

    private static void awaitPuppetIn(IrcTestClient watcher, String channel) {
        // in the names list if it was there before the watcher, else the watcher sees it join
        watcher.send("NAMES " + channel);
        watcher.await(l -> l.contains(" 353 ") && l.contains(channel) && l.contains("AliceM[m]")
                || l.startsWith(":AliceM[m]!") && l.endsWith(" JOIN :" + channel), WAIT);
    }

    @Test
    void joiningTheAliasCreatesThePortalAndPutsTheBridgeBotInTheChannel() {
        String room = portal("#lobby");
        assertThat(alice.state(room, "m.room.name", "")).hasValueSatisfying(c ->
                assertThat(c.path("name").asString()).isEqualTo("#lobby"));
        try (IrcTestClient bob = ircd.connect("bob1")) {
            assertThat(bob.names("#lobby", WAIT)).contains("mxbridge");
        }
    }

    @Test
    void anIrcUserTalksAndTheirGhostSaysItInMatrix() {
        String room = portal("#talk");
        try (IrcTestClient bob = ircUser("bob2", "#talk")) {
            awaitPuppetIn(bob, "#talk"); // require_matrix_joined: nothing is bridged before alice is in the channel
            bob.message("#talk", "hello from irc");
            JsonNode message = await(room, body(ghost("bob2"), "hello from irc"));
            assertThat(message.path("content").path("msgtype").asString()).isEqualTo("m.text");
            assertThat(alice.profile(ghost("bob2")).displayName()).contains("bob2");
        }
    }

    @Test
    void aMatrixUserTalksThroughTheirOwnPuppet() {
        String room = portal("#puppet");
        try (IrcTestClient bob = ircUser("bob3", "#puppet")) {
            awaitPuppetIn(bob, "#puppet");
            alice.sendText(room, "hi from matrix");
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith("PRIVMSG #puppet :hi from matrix"), WAIT);
            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.emote", "body", "waves"));
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith("PRIVMSG #puppet :\u0001ACTION waves\u0001"), WAIT);
        }
        assertThat(alice.messages(room, 50)).as("the puppet's own lines are not bridged back")
                .filteredOn(e -> e.path("content").path("body").asString().contains("hi from matrix")).hasSize(1);
    }

    @Test
    void aMatrixUserLeavingThePortalPartsTheirPuppet() {
        TestUser leo = hs.registerUser();
        leo.setDisplayName("Leo");
        try (IrcTestClient bob = ircUser("bob17", "#leaving")) {
            String room = leo.join("#_irc_#leaving:localhost");
            bob.await(l -> l.startsWith(":Leo[m]!") && l.endsWith(" JOIN :#leaving"), WAIT);
            leo.leave(room);
            // judged against the stored membership: Dendrite's leave carries no unsigned.prev_content
            bob.await(l -> l.startsWith(":Leo[m]!") && (l.contains(" PART #leaving") || l.contains(" QUIT ")), WAIT);
        }
    }

    @Test
    void emotesNoticesAndBoldFromIrcArriveAsSuch() {
        String room = portal("#styles");
        try (IrcTestClient bob = ircUser("bob4", "#styles")) {
            awaitPuppetIn(bob, "#styles");
            bob.send("PRIVMSG #styles :\u0001ACTION dances\u0001");
            assertThat(await(room, body(ghost("bob4"), "dances")).path("content").path("msgtype").asString())
                    .isEqualTo("m.emote");
            bob.send("NOTICE #styles :a notice");
            assertThat(await(room, body(ghost("bob4"), "a notice")).path("content").path("msgtype").asString())
                    .isEqualTo("m.notice");
            bob.send("PRIVMSG #styles :this is \u0002bold\u0002 <script>x</script>");
            JsonNode bold = await(room, e -> e.path("content").path("body").asString().startsWith("this is bold"));
            assertThat(bold.path("content").path("formatted_body").asString())
                    .contains("<strong>bold</strong>").contains("&lt;script&gt;").doesNotContain("<script>");
        }
    }

    @Test
    void aLongMatrixMessageIsSplitIntoLinesThatFitTheLimit() {
        String room = portal("#long");
        try (IrcTestClient bob = ircUser("bob5", "#long")) {
            awaitPuppetIn(bob, "#long");
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < 1300; i++) {
                text.append("wörd").append(i).append(' ');
            }
            String sent = text.toString().strip() + " END";
            alice.sendText(room, sent);
            bob.await(l -> l.endsWith(" END"), WAIT);
            List<String> lines = bob.received().stream().filter(l -> l.startsWith(":AliceM[m]!") && l.contains(" PRIVMSG #long :")).toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510));
            List<String> parts = new ArrayList<>();
            lines.forEach(l -> parts.add(l.substring(l.indexOf(" :", 1) + 2)));
            assertThat(String.join(" ", parts)).isEqualTo(sent);
        }
    }

    @Test
    void anIrcTopicBecomesTheRoomTopic() {
        String room = portal("#topic");
        try (IrcTestClient bob = ircUser("bob6", "#topic")) {
            awaitPuppetIn(bob, "#topic");
            bob.send("TOPIC #topic :all about topics");
            await(room, e -> e.path("type").asString().equals("m.room.topic")
                    && e.path("content").path("topic").asString().equals("all about topics"));
        }
    }

    @Test
    void aNetsplitAndRejoinWithinTheDebounceMakesNoLeavesInMatrix() throws InterruptedException {
        String room = portal("#split");
        List<String> nicks = List.of("split1", "split2", "split3");
        List<IrcTestClient> clients = new ArrayList<>();
        nicks.forEach(n -> clients.add(ircUser(n, "#split")));
        clients.add(ircUser("split4", "#split"));
        for (String n : List.of("split1", "split2", "split3", "split4")) {
            await(room, e -> e.path("type").asString().equals("m.room.member")
                    && e.path("state_key").asString().equals(ghost(n))
                    && e.path("content").path("membership").asString().equals("join"));
        }
        try (IrcTestClient normal = ircUser("quitter", "#split")) {
            await(room, e -> e.path("state_key").asString().equals(ghost("quitter"))
                    && e.path("content").path("membership").asString().equals("join"));
            clients.forEach(c -> c.send("QUIT :irc.hub.net irc.leaf.net"));
            clients.forEach(c -> c.awaitDisconnected(WAIT));
            normal.send("QUIT :bye");
        }
        await(room, e -> e.path("state_key").asString().equals(ghost("quitter"))
                && e.path("content").path("membership").asString().equals("leave"));
        List<IrcTestClient> back = new ArrayList<>();
        nicks.forEach(n -> back.add(ircUser(n, "#split")));
        // split4 split with them and does not come back: its held leave shows once the debounce has run out, and an
        // uncancelled leave of the others would have shown with it
        await(room, e -> e.path("state_key").asString().equals(ghost("split4"))
                && e.path("content").path("membership").asString().equals("leave"));
        try (IrcTestClient bob = ircUser("bob7", "#split")) {
            awaitPuppetIn(bob, "#split");
            bob.message("#split", "after the split");
            await(room, body(ghost("bob7"), "after the split"));
        }
        assertThat(alice.messages(room, 200)).filteredOn(e -> e.path("type").asString().equals("m.room.member")
                        && nicks.stream().map(IrcBridgeIT::ghost).toList().contains(e.path("state_key").asString()))
                .extracting(e -> e.path("content").path("membership").asString())
                .as("each split user joined once and never left").containsOnly("join").hasSize(nicks.size());
        back.forEach(IrcTestClient::close);
    }

    @Test
    void lineBreaksInMatrixMessagesAndDisplayNamesNeverBecomeIrcCommands() {
        TestUser eve = hs.registerUser();
        eve.setDisplayName("Eve\r\nQUIT :pwned");
        try (IrcTestClient watcher = ircUser("watcher", "#evil"); IrcTestClient bob = ircUser("bob8", "#inject")) {
            String room = eve.join("#_irc_#inject:localhost");
            bob.await(l -> l.startsWith(":EveQUITpwned[m]!") && l.endsWith(" JOIN :#inject"), WAIT);
            eve.sendText(room, "hi\r\nJOIN #evil\nQUIT :pwned\u0000PART #inject");
            eve.sendText(room, "still here");
            bob.await(l -> l.startsWith(":EveQUITpwned[m]!") && l.endsWith("PRIVMSG #inject :still here"), WAIT);
            assertThat(bob.received()).filteredOn(l -> l.startsWith(":EveQUITpwned[m]!"))
                    .noneMatch(l -> l.contains(" QUIT ") || l.contains(" PART ") || l.contains(" JOIN #evil"))
                    .anyMatch(l -> l.endsWith("PRIVMSG #inject :JOIN #evil"));
            assertThat(watcher.received()).noneMatch(l -> l.contains(" JOIN ") && !l.startsWith(":watcher!"));
        }
    }

    /** The command of a line with a source: {@code :nick!u@h COMMAND ...}. */
    private static String command(String line) {
        return line.split(" ", 3)[1];
    }

    /** The bridge bot's Matrix account (it created the portals and holds power 100 in them). */
    private static TestUser matrixBot() {
        return TestUser.connect(hs.baseUrl(), "@_irc_bot:localhost", it.asToken());
    }

    /** Gives a user a power level in a room, as the bridge bot. */
    private static void setPower(String room, String user, int level) {
        JsonNode current = matrixBot().state(room, "m.room.power_levels", "").orElseThrow();
        var content = (tools.jackson.databind.node.ObjectNode) current.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) content.get("users")).put(user, level);
        matrixBot().sendState(room, "m.room.power_levels", "", content);
    }

    private static Predicate<JsonNode> power(String user, int level) {
        return e -> e.path("type").asString().equals("m.room.power_levels")
                && e.path("content").path("users").path(user).asInt(0) == level;
    }

    private static Predicate<JsonNode> joined(String user) {
        return e -> e.path("type").asString().equals("m.room.member") && e.path("state_key").asString().equals(user)
                && e.path("content").path("membership").asString().equals("join");
    }

    @Test
    void aMatrixTopicChangeGoesOutThroughThePuppetOnOneLine() {
        String room = portal("#mtopic");
        try (IrcTestClient bob = ircUser("bob10", "#mtopic")) {
            awaitPuppetIn(bob, "#mtopic");
            setPower(room, alice.userId(), 50);
            alice.sendState(room, "m.room.topic", "", Map.of("topic", "matrix topic\r\nQUIT :pwned"));
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" TOPIC #mtopic :matrix topic QUIT :pwned"), WAIT);
            assertThat(bob.received()).noneMatch(l -> l.startsWith(":AliceM[m]!") && command(l).equals("QUIT"));
        }
        assertThat(alice.messages(room, 50)).as("the puppet's topic is not bridged back")
                .filteredOn(e -> e.path("type").asString().equals("m.room.topic")).hasSize(1);
    }

    @Test
    void aMatrixKickOfAGhostIsKickedByTheBridgeBotWhenThePuppetHasNoOps() {
        String room = portal("#kick");
        try (IrcTestClient bob = ircUser("bob11", "#kick")) {
            await(room, joined(ghost("bob11")));
            setPower(room, alice.userId(), 50);
            alice.sendState(room, "m.room.member", ghost("bob11"),
                    Map.of("membership", "leave", "reason", "go away\r\nQUIT :pwned"));
            String kick = bob.await(l -> l.contains(" KICK #kick bob11 "), WAIT);
            assertThat(kick).startsWith(":mxbridge!").endsWith(" :for " + alice.userId() + ": go away QUIT :pwned");
            assertThat(bob.received()).noneMatch(l -> l.startsWith(":mxbridge!") && command(l).equals("QUIT"));
        }
    }

    @Test
    void opsAndVoiceBecomePowerLevelsAndAnOppedPuppetKicksItself() {
        try (IrcTestClient carol = ircd.connect("carol12")) {
            carol.join("#ops"); // first in: channel operator
            String room = portal("#ops");
            await(room, power(ghost("carol12"), 50));
            try (IrcTestClient bob = ircUser("bob12", "#ops")) {
                await(room, joined(ghost("bob12")));
                carol.send("MODE #ops +v bob12");
                await(room, power(ghost("bob12"), 1));
                awaitPuppetIn(carol, "#ops");
                carol.send("MODE #ops +o AliceM[m]");
                bob.await(l -> l.endsWith(" MODE #ops +o AliceM[m]"), WAIT);
                setPower(room, alice.userId(), 50);
                alice.sendState(room, "m.room.member", ghost("bob12"), Map.of("membership", "leave", "reason", "out"));
                assertThat(bob.await(l -> l.contains(" KICK #ops bob12 "), WAIT)).startsWith(":AliceM[m]!").endsWith(" :out");
            }
            carol.send("MODE #ops -o carol12");
            await(room, e -> e.path("type").asString().equals("m.room.power_levels")
                    && !e.path("content").path("users").has(ghost("carol12")));
        }
    }

    @Test
    void aMatrixBanOfAnIrcUserBansTheirMaskThroughAnOppedPuppetAndLiftingItLetsThemBackIn() {
        try (IrcTestClient carol = ircd.connect("carol14")) {
            carol.join("#bans"); // first in: channel operator
            String room = portal("#bans");
            await(room, power(ghost("carol14"), 50));
            try (IrcTestClient bob = ircUser("bob14", "#bans")) {
                await(room, joined(ghost("bob14")));
                awaitPuppetIn(carol, "#bans");
                carol.send("MODE #bans +o AliceM[m]");
                bob.await(l -> l.endsWith(" MODE #bans +o AliceM[m]"), WAIT);
                setPower(room, alice.userId(), 50);

                alice.sendState(room, "m.room.member", ghost("bob14"), Map.of("membership", "ban", "reason", "spam"));
                String ban = carol.await(l -> l.startsWith(":AliceM[m]!") && l.contains(" MODE #bans +b "), WAIT);
                String mask = ban.substring(ban.indexOf(" +b ") + 4);
                assertThat(mask).as("bob shares the bridge's host, so the ban names his user too, sparing the puppets")
                        .matches("\\*!~?bob14@.+");
                assertThat(bob.await(l -> l.contains(" KICK #bans bob14 "), WAIT)).startsWith(":AliceM[m]!")
                        .endsWith(" :spam");
                bob.send("JOIN #bans");
                bob.await(l -> l.contains(" 474 ") && l.contains(" #bans "), WAIT); // ERR_BANNEDFROMCHAN

                alice.sendState(room, "m.room.member", ghost("bob14"), Map.of("membership", "leave"));
                carol.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" MODE #bans -b " + mask), WAIT);
                bob.join("#bans"); // let in again: the names after the join, not a 474
                BridgeItSupport.await("bob's ghost back in the room", WAIT,
                        () -> alice.joinedMembers(room).containsKey(ghost("bob14")));
            }
        }
    }

    /** The Matrix room of a remote room's portal, once the bridge has created it. */
    private static String awaitPortalOf(dev.mxbridge.core.network.RemoteRoomId remoteRoom) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var portal = it.bridge().links().portalOf(remoteRoom);
            if (portal.isPresent()) {
                return portal.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no portal for " + remoteRoom + " within " + WAIT);
    }

    @Test
    void aPrivateMessageToAPuppetOpensADirectChatAndAnswersGoBackAsPrivateMessages() throws InterruptedException {
        portal("#pm");
        try (IrcTestClient dave = ircUser("dave13", "#pm")) {
            awaitPuppetIn(dave, "#pm");
            dave.message("AliceM[m]", "psst, alice");
            String dm = awaitPortalOf(dev.mxbridge.core.network.RemoteRoomId.perLogin("dave13", alice.userId()));
            alice.join(dm);
            await(dm, body(ghost("dave13"), "psst, alice"));
            assertThat(alice.state(dm, "m.room.create", "")).hasValueSatisfying(c ->
                    assertThat(c.path("creator").asString(ghost("dave13"))).isEqualTo(ghost("dave13")));
            alice.sendText(dm, "hi dave\r\nQUIT :pwned");
            dave.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" PRIVMSG dave13 :QUIT :pwned"), WAIT);
            assertThat(dave.received()).anyMatch(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" PRIVMSG dave13 :hi dave"))
                    .noneMatch(l -> l.startsWith(":AliceM[m]!") && command(l).equals("QUIT"));
            dave.message("AliceM[m]", "\u0001ACTION nods\u0001");
            assertThat(await(dm, body(ghost("dave13"), "nods")).path("content").path("msgtype").asString())
                    .isEqualTo("m.emote");
        }
    }

    /** Downloads a link the bridge sent to IRC, with alice's token (authenticated media). */
    private static String download(String url) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + alice.accessToken()).build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    void aMessageOfManyLinesOrWithACodeBlockGoesToIrcAsALinkToATextFile() throws Exception {
        String room = portal("#paste");
        try (IrcTestClient bob = ircUser("bob14", "#paste")) {
            awaitPuppetIn(bob, "#paste");
            String text = "first line\nsecond\nthird\nfourth\nQUIT :pwned";
            alice.sendText(room, text);
            String line = bob.await(l -> l.startsWith(":AliceM[m]!") && l.contains(" PRIVMSG #paste :first line … (5 lines: "), WAIT);
            String url = line.substring(line.indexOf("lines: ") + "lines: ".length(), line.length() - 1);
            assertThat(url).startsWith(hs.baseUrl() + "/_matrix/client/v1/media/download/localhost/");
            assertThat(download(url)).isEqualTo(text);
            assertThat(bob.received()).filteredOn(l -> l.startsWith(":AliceM[m]!")).noneMatch(l -> command(l).equals("QUIT"))
                    .noneMatch(l -> l.endsWith(" :second"));

            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "look:\nx = 1",
                    "format", "org.matrix.custom.html", "formatted_body", "look:<pre><code>x = 1</code></pre>"));
            String code = bob.await(l -> l.startsWith(":AliceM[m]!") && l.contains(" PRIVMSG #paste :look: … ("), WAIT);
            assertThat(download(code.substring(code.indexOf("http"), code.length() - 1))).contains("x = 1");

            alice.sendText(room, "short\ntwo");
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" PRIVMSG #paste :two"), WAIT);
        }
    }

    @Test
    void afterARestartTheBotRejoinsTheChannelsOfExistingPortals() {
        String room = portal("#restart");
        try (IrcTestClient carol = ircUser("carol9", "#restart")) {
            assertThat(carol.names("#restart", WAIT)).contains("mxbridge");
            awaitPuppetIn(carol, "#restart"); // so that only the JOIN after the restart is awaited below
            it.stop();
            carol.await(l -> l.startsWith(":mxbridge!") && (l.contains(" QUIT") || l.contains(" PART")), WAIT);
            it.start();
            carol.await(l -> l.startsWith(":mxbridge!") && l.endsWith(" JOIN :#restart"), WAIT);
            // alice is remembered as a member: her puppet is back in the channel without her doing anything
            carol.await(l -> l.startsWith(":AliceM[m]") && l.endsWith(" JOIN :#restart"), WAIT);
            carol.message("#restart", "are you back?");
            await(room, body(ghost("carol9"), "are you back?"));
        }
    }

    @Test
    void addressingSomeoneByNickIsAMentionAndAPillIsTheirNick() {
        String room = portal("#mention");
        try (IrcTestClient bob = ircUser("bob9", "#mention")) {
            awaitPuppetIn(bob, "#mention");
            bob.message("#mention", "AliceM[m]: ping");
            JsonNode ping = await(room, body(ghost("bob9"), "AliceM[m]: ping"));
            assertThat(ping.path("content").path("m.mentions").path("user_ids").toString()).contains(alice.userId());
            assertThat(ping.path("content").path("formatted_body").asString())
                    .contains("https://matrix.to/#/" + alice.userId());

            alice.sendEvent(room, "m.room.message", java.util.Map.of("msgtype", "m.text", "body", "Bob Nine: pong",
                    "format", "org.matrix.custom.html", "formatted_body",
                    "<a href=\"https://matrix.to/#/" + ghost("bob9") + "\">Bob Nine</a>: pong",
                    "m.mentions", java.util.Map.of("user_ids", java.util.List.of(ghost("bob9")))));
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith("PRIVMSG #mention :bob9: pong"), WAIT);
        }
    }

    @Test
    void aPowerLevelSetByAMatrixUserWhosePuppetIsOperatorBecomesAChannelMode() throws Exception {
        try (IrcTestClient op = ircUser("opper", "#plmodes"); IrcTestClient dan = ircUser("dan5", "#plmodes")) {
            String room = alice.createRoom();
            alice.invite(room, "@_irc_bot:localhost");
            await(room, e -> e.path("type").asString().equals("m.room.member")
                    && e.path("state_key").asString().equals("@_irc_bot:localhost")
                    && e.path("content").path("membership").asString().equals("join"));
            alice.sendText(room, "!irc link #plmodes");
            await(room, e -> e.path("content").path("body").asString().startsWith("Linked this room to #plmodes"));
            awaitPuppetIn(op, "#plmodes"); // alice was in the room before the link: she gets a puppet all the same
            op.send("MODE #plmodes +o AliceM[m]");
            op.await(l -> l.contains(" MODE #plmodes +o AliceM[m]"), WAIT);
            Thread.sleep(500);

            tools.jackson.databind.node.ObjectNode levels = (tools.jackson.databind.node.ObjectNode)
                    alice.state(room, "m.room.power_levels", "").orElseThrow().deepCopy();
            ((tools.jackson.databind.node.ObjectNode) levels.get("users")).put(ghost("dan5"), 50);
            alice.sendState(room, "m.room.power_levels", "", levels);
            op.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" MODE #plmodes +o dan5"), WAIT);

            ((tools.jackson.databind.node.ObjectNode) levels.get("users")).put(ghost("dan5"), 10);
            alice.sendState(room, "m.room.power_levels", "", levels);
            op.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(" MODE #plmodes -o+v dan5 dan5"), WAIT);
        }
    }

    @Test
    void channelModeChangesChangeWhoMayJoinThePortal() {
        try (IrcTestClient op = ircUser("accop", "#access")) {
            String room = portal("#access");
            java.util.function.Supplier<String> joinRule = () -> alice.state(room, "m.room.join_rules", "")
                    .map(c -> c.path("join_rule").asString()).orElse("");
            assertThat(joinRule.get()).isEqualTo("public");
            // once the puppet is in: a puppet still on its way would be refused at the door and leave the portal
            awaitPuppetIn(op, "#access");
            op.send("MODE #access +i");
            BridgeItSupport.await("join rule invite", WAIT, () -> joinRule.get().equals("invite"));
            BridgeItSupport.await("history visible from joining", WAIT, () -> alice.state(room, "m.room.history_visibility", "")
                    .map(c -> c.path("history_visibility").asString()).orElse("").equals("joined"));
            op.send("MODE #access -i");
            BridgeItSupport.await("join rule public again", WAIT, () -> joinRule.get().equals("public"));
        }
    }

    @Test
    void matrixMediaReachesIrcAsADownloadLink() throws Exception {
        String room = portal("#media");
        try (IrcTestClient bob = ircUser("bob15", "#media")) {
            awaitPuppetIn(bob, "#media");
            String mxc = alice.upload("not really a png".getBytes(StandardCharsets.UTF_8), "image/png", "cat.png");
            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.image", "body", "cat.png", "url", mxc));
            String line = bob.await(l -> l.startsWith(":AliceM[m]!") && l.contains(" PRIVMSG #media :cat.png: "), WAIT);
            String url = line.substring(line.indexOf("cat.png: ") + "cat.png: ".length());
            assertThat(url).isEqualTo(hs.baseUrl() + "/_matrix/client/v1/media/download/localhost/"
                    + mxc.substring(mxc.lastIndexOf('/') + 1));
            assertThat(download(url)).isEqualTo("not really a png");
        }
    }

    @Test
    void aMatrixReplyReachesIrcWithAShortQuoteOfWhatItAnswers() {
        String room = portal("#replies");
        try (IrcTestClient bob = ircUser("bob16", "#replies")) {
            awaitPuppetIn(bob, "#replies");
            bob.message("#replies", "what do you think about the new release?");
            JsonNode question = await(room, body(ghost("bob16"), "what do you think about the new release?"));
            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "looks good",
                    "m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", question.path("event_id").asString()))));
            bob.await(l -> l.startsWith(":AliceM[m]!") && l.endsWith(
                    "PRIVMSG #replies :<bob16> \"what do you think about the new release?\" <- looks good"), WAIT);
        }
    }
}
