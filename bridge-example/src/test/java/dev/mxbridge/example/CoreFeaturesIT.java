package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.LogRecorder;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Threads, profiles, private chats and link approval through a network the test drives directly; the build runs it on
 * Synapse and on Dendrite ({@link Homeserver#configured()}).
 */
class CoreFeaturesIT {
    static final Path DIR = ItSupport.dir("core-features");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml")).build();
    static final ScriptedNetwork network = new ScriptedNetwork();
    /** What the start-up check of the homeserver logs; recording before the bridge starts. */
    static final List<ILoggingEvent> startUpCheck = LogRecorder.of("dev.mxbridge.core.HomeserverCheck").events();
    /** What the bridge says at start-up of typing and read receipts from the homeserver. */
    static final List<ILoggingEvent> ephemeralCheck = LogRecorder.of("dev.mxbridge.core.room.EphemeralEvents").events();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, network);

    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = hs.registerUser();
    }

    @Test
    void theStartUpCheckPingsTheBridgeOrWithoutPingChecksTheTokenWithWhoamiAndSaysSoAtInfo() {
        ItSupport.awaitUnchecked("the start-up check's verdict", WAIT, () -> !startUpCheck.isEmpty());
        ILoggingEvent verdict = startUpCheck.getFirst();
        assertThat(verdict.getLevel()).as(verdict.getFormattedMessage()).isEqualTo(Level.INFO);
        if (hs.implementation() == Homeserver.Implementation.DENDRITE) {
            // Dendrite 0.13.8 answers POST /_matrix/client/v1/appservice/{id}/ping with 404 M_UNRECOGNIZED.
            assertThat(verdict.getFormattedMessage()).contains("has no appservice ping")
                    .contains("whoami: @_example_bot:localhost");
        } else {
            assertThat(verdict.getFormattedMessage()).startsWith("homeserver reaches the bridge (ping ");
        }
    }

    @Test
    void theStartUpSaysWhetherTheHomeserverPushesTypingAndReadReceiptsAndTheNetworkIsTold() {
        assertThat(ephemeralCheck).as("one line at start-up").hasSize(1);
        ILoggingEvent verdict = ephemeralCheck.getFirst();
        if (hs.implementation() == Homeserver.Implementation.DENDRITE) {
            // Dendrite 0.13.8 lists Matrix up to v1.2 in /_matrix/client/versions and pushes appservices no typing
            assertThat(verdict.getLevel()).isEqualTo(Level.WARN);
            assertThat(verdict.getFormattedMessage()).startsWith("the homeserver does not say it pushes typing and read "
                    + "receipts to application services (it supports Matrix up to v1.2;")
                    .endsWith("reading does not count as activity");
            assertThat(network.context.ephemeralEvents()).isFalse();
        } else {
            assertThat(verdict.getLevel()).isEqualTo(Level.INFO);
            assertThat(verdict.getFormattedMessage()).startsWith("the homeserver pushes typing and read receipts to the bridge");
            assertThat(network.context.ephemeralEvents()).isTrue();
        }
    }

    private static RemoteEvent.Message message(String room, String user, RemoteMessageId id, String text,
                                               Optional<RemoteMessageId> thread) {
        return new RemoteEvent.Message(new RemoteRoomId(room), new RemoteUserId(user), Optional.of(user), id, Instant.now(),
                ScriptedNetwork.text(text), Optional.empty(), thread);
    }

    private static JsonNode awaitBody(TestUser user, String room, String body) {
        return user.awaitEvent(room, e -> e.path("content").path("body").asString().equals(body), WAIT);
    }

    @Test
    void anEditRelayedUnderTheSendersOwnNameCarriesTheirNameAndIsMarkedRelayed() {
        network.virtualRelay = true;
        try {
            TestUser vera = hs.registerUser();
            vera.setDisplayName("Vera");
            String room = vera.join("#_example_virtual:localhost");
            String original = vera.sendText(room, "first try");
            ItSupport.awaitUnchecked("the message relayed", WAIT,
                    () -> network.sent.stream().anyMatch(m -> m.content().plainText().equals("first try")));
            vera.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "* second try",
                    "m.new_content", Map.of("msgtype", "m.text", "body", "second try"),
                    "m.relates_to", Map.of("rel_type", "m.replace", "event_id", original)));
            ItSupport.awaitUnchecked("the edit relayed", WAIT,
                    () -> network.sent.stream().anyMatch(m -> m.content().plainText().equals("second try")));
            OutboundMessage edit = network.sent.stream().filter(m -> m.content().plainText().equals("second try"))
                    .findFirst().orElseThrow();
            assertThat(edit.senderName()).as("the name the network shows it under").isEqualTo("Vera");
            assertThat(edit.relayed()).isTrue();
            assertThat(vera.messages(room, 50)).noneMatch(e -> e.path("content").path("body").asString().startsWith("Not delivered"));
        } finally {
            network.virtualRelay = false;
        }
    }

    @Test
    void aPerLoginChatHasAPortalPerReceivingLoginAndOnlyItsReceiverWritesThroughTheirOwnLogin() {
        TestUser hal1 = hs.registerUser("hal1-" + UUID.randomUUID().toString().substring(0, 8));
        TestUser hal2 = hs.registerUser("hal2-" + UUID.randomUUID().toString().substring(0, 8));
        RemoteRoomId forHal1 = RemoteRoomId.perLogin("chat-7", hal1.userId());
        RemoteRoomId forHal2 = RemoteRoomId.perLogin("chat-7", hal2.userId());
        network.context.push(message(forHal1, "dana", network.nextId(), "to hal1"));
        network.context.push(message(forHal2, "dana", network.nextId(), "to hal2"));
        ItSupport.awaitUnchecked("both invited", WAIT, () -> !hal1.invites().isEmpty() && !hal2.invites().isEmpty());
        String room1 = hal1.join(hal1.invites().getFirst());
        String room2 = hal2.join(hal2.invites().getFirst());
        assertThat(room1).as("one portal per receiving login").isNotEqualTo(room2);
        awaitBody(hal1, room1, "to hal1");
        awaitBody(hal2, room2, "to hal2");
        assertThat(hal1.messages(room1, 50)).noneMatch(e -> e.path("content").path("body").asString().equals("to hal2"));

        hal1.sendText(room1, "answer from hal1");
        ItSupport.awaitUnchecked("hal1's answer sent", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().equals("answer from hal1")));
        int at = indexOf("answer from hal1");
        assertThat(network.sentTo.get(at)).as("into hal1's copy of the chat").isEqualTo(forHal1);
        assertThat(network.sent.get(at).relayed()).as("through hal1's own login").isFalse();

        TestUser eve = hs.registerUser();
        hal1.invite(room1, eve.userId());
        eve.join(room1);
        String fromEve = eve.sendText(room1, "eve tries");
        JsonNode refusal = hal1.awaitEvent(room1, e -> e.path("content").path("body").asString().startsWith("Not delivered"), WAIT);
        assertThat(refusal.path("content").path("body").asString()).contains("this is " + hal1.userId() + "'s private chat");
        assertThat(network.sent).as("nothing of eve's left Matrix").noneMatch(m -> m.content().plainText().contains("eve tries"));
        assertThat(fromEve).isNotBlank();
    }

    private static int indexOf(String text) {
        for (int i = 0; i < network.sent.size(); i++) {
            if (network.sent.get(i).content().plainText().equals(text)) {
                return i;
            }
        }
        throw new AssertionError("not sent: " + text);
    }

    private static RemoteEvent.Message message(RemoteRoomId room, String user, RemoteMessageId id, String text) {
        return new RemoteEvent.Message(room, new RemoteUserId(user), Optional.of(user), id, Instant.now(),
                ScriptedNetwork.text(text), Optional.empty());
    }

    @Test
    void threadsMapBothWays() {
        String room = alice.join("#_example_threads:localhost");
        RemoteMessageId root = network.nextId();
        network.context.push(message("threads", "erin", root, "thread root", Optional.empty()));
        JsonNode rootEvent = awaitBody(alice, room, "thread root");
        network.context.push(message("threads", "erin", network.nextId(), "in the thread", Optional.of(root)));
        JsonNode inThread = awaitBody(alice, room, "in the thread");
        assertThat(inThread.path("content").path("m.relates_to").path("rel_type").asString()).isEqualTo("m.thread");
        assertThat(inThread.path("content").path("m.relates_to").path("event_id").asString()).isEqualTo(rootEvent.path("event_id").asString());

        alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "matrix thread reply",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", rootEvent.path("event_id").asString())));
        ItSupport.awaitUnchecked("the reply sent to the network", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().endsWith("matrix thread reply")));
        assertThat(network.sent.stream().filter(m -> m.content().plainText().endsWith("matrix thread reply")).findFirst()
                .orElseThrow().thread()).contains(root);
    }

    @Test
    void profileChangesRenameTheGhostAndSetItsAvatar() {
        String room = alice.join("#_example_profiles:localhost");
        network.context.push(message("profiles", "finn", network.nextId(), "hello", Optional.empty()));
        JsonNode hello = awaitBody(alice, room, "hello");
        String ghost = hello.path("sender").asString();
        String avatar = network.context.upload(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png", "finn.png");
        network.context.push(new RemoteEvent.Profile(new RemoteRoomId("profiles"), new RemoteUserId("finn"),
                Optional.of("Finn the Human"), Optional.of(avatar), Instant.now()));
        ItSupport.awaitUnchecked("the new name", WAIT, () -> alice.profile(ghost).displayName().equals(Optional.of("Finn the Human")));
        ItSupport.awaitUnchecked("the new avatar", WAIT, () -> alice.profile(ghost).avatarUrl().equals(Optional.of(avatar)));
        assertThat(network.context.remoteUserOf(ghost)).contains(new RemoteUserId("finn"));
        assertThat(network.context.ghostOf(new RemoteUserId("finn"))).isEqualTo(ghost);
    }

    @Test
    void roomAvatarsAndNamesFollowBothWays() {
        String pixel = network.context.upload(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1}, "image/png", "room.png");
        network.pictures.put("pictured", pixel);
        String room = alice.join("#_example_pictured:localhost");
        assertThat(alice.state(room, "m.room.avatar", "")).as("created with the remote room's picture")
                .hasValueSatisfying(c -> assertThat(c.path("url").asString()).isEqualTo(pixel));
        String other = network.context.upload(new byte[] {'G', 'I', 'F'}, "image/gif", "new.gif");
        network.context.push(new RemoteEvent.RoomInfo(new RemoteRoomId("pictured"), new RemoteUserId("ivy"),
                Optional.of("Pictured, renamed"), Optional.empty(), Optional.of(other), Instant.now()));
        ItSupport.awaitUnchecked("the new avatar", WAIT, () -> alice.state(room, "m.room.avatar", "")
                .map(c -> c.path("url").asString().equals(other)).orElse(false));
        assertThat(alice.state(room, "m.room.name", "")).hasValueSatisfying(c ->
                assertThat(c.path("name").asString()).isEqualTo("Pictured, renamed"));

        // Matrix -> remote: in a private chat the Matrix user has the power to change name and avatar.
        TestUser hal = hs.registerUser("hal");
        network.context.push(message("pm-hal", "dana", network.nextId(), "hi hal", Optional.empty()));
        ItSupport.awaitUnchecked("an invite", WAIT, () -> !hal.invites().isEmpty());
        String dm = hal.invites().getFirst();
        hal.join(dm);
        awaitBody(hal, dm, "hi hal");
        hal.sendState(dm, "m.room.name", "", Map.of("name", "Hal and Dana"));
        hal.sendState(dm, "m.room.avatar", "", Map.of("url", other));
        hal.sendState(dm, "m.room.avatar", "", Map.of());
        ItSupport.awaitUnchecked("the changes on the network", WAIT, () -> network.roomChanges.size() >= 3);
        assertThat(network.roomChanges).containsExactly("name pm-hal Hal and Dana", "avatar pm-hal image/gif 3",
                "avatar pm-hal none");
    }

    @Test
    void aMatrixUserJoiningAndLeavingAPortalIsToldToTheNetwork() {
        TestUser ursula = hs.registerUser();
        TestUser walt = hs.registerUser();
        String room = ursula.join("#_example_members:localhost");
        walt.join(room);
        ItSupport.awaitUnchecked("ursula's join on the network", WAIT,
                () -> network.memberships.contains("join members " + ursula.userId()));
        ursula.leave(room);
        walt.sendText(room, "after ursula left"); // handled after her leave, in the room's order
        ItSupport.awaitUnchecked("walt's message sent", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().endsWith("after ursula left")));
        assertThat(network.memberships).as("ursula's leave on the network").contains("leave members " + ursula.userId());
    }

    @Test
    void aDisplayNameChangeInAPortalIsNoSecondJoin() {
        TestUser vic = hs.registerUser();
        String room = vic.join("#_example_renames:localhost");
        ItSupport.awaitUnchecked("vic's join on the network", WAIT,
                () -> network.memberships.contains("join renames " + vic.userId()));
        vic.setDisplayName("Vic Renamed"); // a join-to-join member event in every room vic is in
        vic.sendText(room, "after the rename"); // handled after that member event, in the room's order
        ItSupport.awaitUnchecked("the later message sent", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().endsWith("after the rename")));
        assertThat(network.memberships).as("a display-name change is no second join")
                .filteredOn(m -> m.endsWith(" " + vic.userId())).containsExactly("join renames " + vic.userId());
    }

    /**
     * A room of {@code owner}'s linked to remote room {@code key}, where remote user dana's ghost has spoken. The
     * owner has power 100 there; a user whose name starts with hal has a client of their own (as IRC puppets).
     */
    private static String plumbedRoomWithDana(TestUser owner, String key) {
        String room = owner.createRoom();
        owner.invite(room, "@_example_bot:localhost");
        ItSupport.awaitUnchecked("the bot to join", WAIT, () -> owner.joinedMembers(room).containsKey("@_example_bot:localhost"));
        owner.sendText(room, "!example link " + key);
        owner.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Linked this room to"), WAIT);
        network.context.push(message(key, "dana", network.nextId(), "hi " + key, Optional.empty()));
        awaitBody(owner, room, "hi " + key);
        return room;
    }

    @Test
    void aMatrixKickOfAGhostRemovesTheRemoteUser() {
        TestUser hal = hs.registerUser("halk-" + UUID.randomUUID().toString().substring(0, 8));
        String room = plumbedRoomWithDana(hal, "kicks");
        hal.kick(room, network.context.ghostOf(new RemoteUserId("dana")), "enough");
        hal.sendText(room, "after the kick"); // handled after the kick, in the room's order
        ItSupport.awaitUnchecked("the later message sent", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().endsWith("after the kick")));
        assertThat(network.moderation).as("the kick on the network").contains("kick kicks dana enough");
    }

    @Test
    void aPowerLevelChangeGivesTheChangedUsersRankOnly() {
        TestUser hal = hs.registerUser("halp-" + UUID.randomUUID().toString().substring(0, 8));
        String room = plumbedRoomWithDana(hal, "ranks");
        String ghost = network.context.ghostOf(new RemoteUserId("dana"));
        tools.jackson.databind.node.ObjectNode levels = (tools.jackson.databind.node.ObjectNode)
                hal.state(room, "m.room.power_levels", "").orElseThrow();
        ((tools.jackson.databind.node.ObjectNode) levels.path("users")).put(ghost, 25);
        hal.sendState(room, "m.room.power_levels", "", levels);
        hal.sendText(room, "after the levels"); // handled after the power levels, in the room's order
        ItSupport.awaitUnchecked("the later message sent", WAIT,
                () -> network.sent.stream().anyMatch(m -> m.content().plainText().endsWith("after the levels")));
        assertThat(network.moderation).as("only the changed level goes out")
                .filteredOn(m -> m.startsWith("rank ranks ")).containsExactly("rank ranks " + ghost + " 25");
    }

    @Test
    void aMessageTheNetworkKeepsRefusingIsAnsweredWithANoticeToItsSender() {
        String room = alice.join("#_example_down-1:localhost");
        String sent = alice.sendText(room, "anyone there?");
        JsonNode notice = alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Not delivered"), WAIT);
        assertThat(notice.path("sender").asString()).isEqualTo("@_example_bot:localhost");
        assertThat(notice.path("content").path("body").asString()).isEqualTo("Not delivered to Scripted: the remote server is down");
        assertThat(notice.path("content").path("m.relates_to").path("m.in_reply_to").path("event_id").asString()).isEqualTo(sent);
    }

    @Test
    void aRemotePrivateChatOpensADirectRoomWithTheMatrixUser() {
        TestUser gus = hs.registerUser("gus");
        network.context.push(message("pm-gus", "dana", network.nextId(), "psst, gus", Optional.empty()));
        ItSupport.awaitUnchecked("an invite", WAIT, () -> !gus.invites().isEmpty());
        String room = gus.invites().getFirst();
        gus.join(room);
        JsonNode psst = awaitBody(gus, room, "psst, gus");
        assertThat(psst.path("sender").asString()).isEqualTo(network.context.ghostOf(new RemoteUserId("dana")));
        assertThat(gus.state(room, "m.room.create", "")).isPresent();
        assertThat(gus.messages(room, 50)).anySatisfy(e -> assertThat(e.path("content").path("is_direct").asBoolean()).isTrue());
    }

    @Test
    void aLinkCanBeRefusedOrWaitForRemoteApproval() throws Exception {
        String room = alice.createRoom();
        alice.invite(room, "@_example_bot:localhost");
        ItSupport.await("the bot to join", WAIT, () -> alice.joinedMembers(room).containsKey("@_example_bot:localhost"));
        alice.sendText(room, "!example link forbidden-1");
        alice.awaitEvent(room, e -> e.path("content").path("body").asString().equals("Not linked: the remote room's owners said no"), WAIT);
        alice.sendText(room, "!example link approval-1");
        alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Asked the remote room's operators"), WAIT);
        assertThat(bridge.bridge().links().modeOf(room)).isEmpty();
        network.context.completeLink(room, new RemoteRoomId("approval-1"), "op@remote");
        alice.awaitEvent(room, e -> e.path("content").path("body").asString().startsWith("Linked this room to approval-1"), WAIT);
        assertThat(bridge.bridge().links().modeOf(room)).isPresent();
    }
}
