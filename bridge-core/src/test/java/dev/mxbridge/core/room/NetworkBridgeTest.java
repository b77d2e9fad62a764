package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.journal.Inbox;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.journal.JournalFixture;
import dev.mxbridge.core.journal.Timeline;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.order.Lanes;
import dev.mxbridge.core.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Both directions of a network bridge over an in-memory homeserver ({@link FakeMatrix}) and the real journal, lanes
 * and stores: what goes out, what comes in, once each, in order, and what the one ordering path per room guarantees.
 */
class NetworkBridgeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RemoteRoomId LOBBY = new RemoteRoomId("lobby");
    private static final RemoteUserId BOB = new RemoteUserId("bob");
    private static final String ALICE = "@alice:example.org";

    @TempDir
    Path dir;
    private final FakeMatrix matrix = new FakeMatrix("example.org", "_test_bot");
    private final TestNetwork network = new TestNetwork();
    private Database db;
    private Inbox inbox;
    private NetworkBridge bridge;
    private final AtomicInteger txn = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        BridgeConfig config = ConfigYaml.parse("""
                homeserver: {url: 'http://127.0.0.1:1', domain: example.org}
                database: {url: 'jdbc:h2:file:%s'}
                """.formatted(dir.resolve("bridge")), dir, Map.of(), "test");
        db = Database.open(config.database());
        Lanes lanes = new Lanes("lane");
        bridge = new NetworkBridge(network, matrix, db, config, lanes, new SimpleMeterRegistry());
        inbox = new Inbox(Journal.jdbc(db, Duration.ofDays(1), Duration.ofDays(1)), bridge.handler(),
                user -> user.startsWith("@_test_"),
                JournalFixture.fastRetries(3), Timeline.NONE, lanes, new SimpleMeterRegistry());
        inbox.start();
        bridge.start(true);
    }

    @AfterEach
    void stop() {
        inbox.close();
        bridge.close();
        db.close();
    }

    /** A room Alice made, linked to the remote lobby. */
    private RoomId linkedRoom() {
        RoomId room = matrix.roomOf(ALICE);
        network.context.links(); // the network's view, as a module would use it
        network.context.ensureLink(room.value(), LOBBY);
        return room;
    }

    /** Alice's message arrives from the homeserver in a transaction, as the AS API would hand it to the inbox. */
    private String fromAlice(RoomId room, String body) throws InterruptedException {
        String eventId = "$alice" + txn.incrementAndGet();
        ObjectNode transaction = JSON.createObjectNode();
        ArrayNode events = transaction.putArray("events");
        events.addObject().put("type", "m.room.message").put("room_id", room.value()).put("sender", ALICE)
                .put("event_id", eventId).put("origin_server_ts", System.currentTimeMillis())
                .putObject("content").put("msgtype", "m.text").put("body", body);
        inbox.accept("txn" + txn.get(), transaction);
        return eventId;
    }

    /** A state event from the homeserver, as Dendrite sends it: without {@code unsigned.prev_content}. */
    private void stateEvent(RoomId room, String sender, String type, String stateKey, ObjectNode content)
            throws InterruptedException {
        ObjectNode transaction = JSON.createObjectNode();
        ObjectNode event = transaction.putArray("events").addObject().put("type", type).put("room_id", room.value())
                .put("sender", sender).put("state_key", stateKey).put("event_id", "$state" + txn.incrementAndGet())
                .put("origin_server_ts", System.currentTimeMillis());
        event.set("content", content);
        inbox.accept("txn" + txn.get(), transaction);
    }

    private static RemoteEvent.Message fromBob(RemoteRoomId room, String id, String text) {
        return new RemoteEvent.Message(room, BOB, Optional.of("Bob"), RemoteMessageId.of(id), Instant.now(),
                MessageContent.Text.of(text), Optional.empty(), Optional.empty());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aMatrixMessageGoesOutThroughTheRelayInTheRelayFormat() throws Exception {
        RoomId room = linkedRoom();
        fromAlice(room, "hello lobby");
        await(() -> network.relay.sent.size() == 1, "the relayed message");
        assertThat(network.relay.sent.getFirst().room()).isEqualTo(LOBBY);
        assertThat(network.relay.sent.getFirst().message().content().plainText()).isEqualTo("<alice> hello lobby");
    }

    @Test
    void aRemoteMessageReachesMatrixFromItsGhostOnceWhenTheNetworkDeliversItTwice() throws Exception {
        RoomId room = linkedRoom();
        bridge.links(); // the Bridge's view of the same links
        assertThat(network.context.pushDurably(fromBob(LOBBY, "m1", "first"), Optional.of("m1")).get()).isTrue();
        assertThat(network.context.pushDurably(fromBob(LOBBY, "m1", "first"), Optional.of("m1")).get()).isFalse();
        network.context.push(fromBob(LOBBY, "m1", "first")); // and once more in memory: the message map knows it
        network.context.pushDurably(fromBob(LOBBY, "m2", "marker"), Optional.of("m2")).get();
        await(() -> matrix.bodies(room).contains("marker"), "the marker");
        assertThat(matrix.bodies(room)).containsSubsequence("first", "marker").filteredOn("first"::equals).hasSize(1);
        List<ObjectNode> first = matrix.events(room, e -> e.path("content").path("body").asString("").equals("first"));
        assertThat(first.getFirst().path("sender").asString()).isEqualTo("@_test_bob:example.org");
    }

    @Test
    void theNetworksEchoOfASendStillRunningIsNotBridgedBack() throws Exception {
        RoomId room = linkedRoom();
        // The network reports our own message back before send() returns, as Slack's Socket Mode may.
        network.relay.duringSend = out -> network.context.push(fromBob(LOBBY, "sent-" + network.relay.sent.size(),
                out.content().plainText()));
        network.relay.echoWindow = Duration.ofMillis(50);
        fromAlice(room, "do not echo me");
        await(() -> network.relay.sent.size() == 1, "the send");
        network.relay.duringSend = out -> { };
        network.context.push(fromBob(LOBBY, "later", "marker after the echo"));
        await(() -> matrix.bodies(room).contains("marker after the echo"), "the marker");
        assertThat(matrix.bodies(room)).noneMatch(b -> b.contains("do not echo me"));
    }

    @Test
    void remoteEventsWaitWhileTheHomeserverIsDownAndArriveInOrderAfter() throws Exception {
        RoomId room = linkedRoom();
        matrix.down = true;
        for (int i = 1; i <= 5; i++) {
            network.context.pushDurably(fromBob(LOBBY, "d" + i, "during outage " + i), Optional.of("d" + i)).get();
        }
        matrix.down = false;
        await(() -> matrix.bodies(room).contains("during outage 5"), "the last message");
        assertThat(matrix.bodies(room)).containsSubsequence("during outage 1", "during outage 2", "during outage 3",
                "during outage 4", "during outage 5");
    }

    @Test
    void aNewRemoteRoomGetsOnePortalAndKeepsTheOrderOfItsMessages() throws Exception {
        RemoteRoomId fresh = new RemoteRoomId("fresh");
        for (int i = 1; i <= 20; i++) {
            network.context.push(fromBob(fresh, "f" + i, "fresh " + i));
        }
        RoomId[] portal = new RoomId[1];
        await(() -> (portal[0] = matrix.aliasTarget("#_test_fresh:example.org")) != null
                && matrix.bodies(portal[0]).contains("fresh 20"), "the portal's last message");
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "fresh " + i).toList();
        assertThat(matrix.bodies(portal[0])).containsExactlyElementsOf(expected);
    }

    @Test
    void aSlowSendToOneRoomDoesNotHoldUpAnotherRoom() throws Exception {
        RoomId slow = linkedRoom();
        RoomId other = matrix.roomOf(ALICE);
        RemoteRoomId otherRemote = new RemoteRoomId("other");
        network.context.ensureLink(other.value(), otherRemote);
        CountDownLatch release = new CountDownLatch(1);
        network.relay.duringSend = out -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        fromAlice(slow, "slow");
        await(() -> network.relay.sending.get() == 1, "the slow send to start");
        network.context.push(fromBob(LOBBY, "behind", "behind the slow send"));
        network.context.push(fromBob(otherRemote, "o1", "in the other room"));
        await(() -> matrix.bodies(other).contains("in the other room"), "the other room's message");
        assertThat(matrix.bodies(slow)).doesNotContain("behind the slow send"); // its room's lane is busy
        release.countDown();
        await(() -> matrix.bodies(slow).contains("behind the slow send"), "the slow room's message");
    }

    @Test
    void whatTheRelaysOwnAccountDoesOnTheNetworkIsNotBridgedBack() throws Exception {
        RoomId room = linkedRoom();
        RemoteUserId relayAccount = new RemoteUserId("relay-bot");
        network.relay.account = Optional.of(relayAccount);
        // The network reports the relay joining and posting with ids the bridge never mapped (its own notices, or a
        // post the network rewrote): only account() tells the core whose they are.
        network.context.push(new RemoteEvent.Membership(LOBBY, relayAccount, relayAccount,
                RemoteEvent.Membership.Change.JOIN, Optional.empty(), Instant.now()));
        network.context.push(new RemoteEvent.Message(LOBBY, relayAccount, Optional.of("relay"),
                RemoteMessageId.of("unmapped"), Instant.now(), MessageContent.Text.of("the relay's own notice"),
                Optional.empty(), Optional.empty()));
        network.context.push(fromBob(LOBBY, "after", "marker after the relay's doings"));
        await(() -> matrix.bodies(room).contains("marker after the relay's doings"), "the marker");
        assertThat(matrix.bodies(room)).doesNotContain("the relay's own notice");
        assertThat(matrix.joined(room)).doesNotContain("@_test_relay-bot:example.org");
    }

    @Test
    void aLeaveWithoutPrevContentStillPartsTheUsersNetworkSide() throws Exception {
        RoomId room = linkedRoom();
        await(() -> network.memberships.contains(ALICE + " joined"), "alice told as joined at the link");
        stateEvent(room, ALICE, "m.room.member", ALICE, JSON.createObjectNode().put("membership", "leave"));
        await(() -> network.memberships.contains(ALICE + " left"), "alice's leave told to the network");
        stateEvent(room, ALICE, "m.room.member", ALICE, JSON.createObjectNode().put("membership", "join").put("displayname", "Alice"));
        await(() -> network.memberships.stream().filter((ALICE + " joined")::equals).count() == 2, "her join again");
        stateEvent(room, ALICE, "m.room.member", ALICE, JSON.createObjectNode().put("membership", "join").put("displayname", "Alice B"));
        fromAlice(room, "marker after a profile change");
        await(() -> network.relay.sent.size() == 1, "the marker");
        assertThat(network.memberships).as("a profile change, known from the stored state, is no join")
                .filteredOn((ALICE + " joined")::equals).hasSize(2);
    }

    @Test
    void aKickOfAGhostWithoutPrevContentKicksTheRemoteUser() throws Exception {
        RoomId room = linkedRoom();
        network.context.push(fromBob(LOBBY, "b1", "bob is here"));
        await(() -> matrix.bodies(room).contains("bob is here"), "bob's ghost in the room");
        String ghost = "@_test_bob:example.org";
        stateEvent(room, ghost, "m.room.member", ghost, JSON.createObjectNode().put("membership", "join")); // its echo
        stateEvent(room, ALICE, "m.room.member", ghost, JSON.createObjectNode().put("membership", "leave").put("reason", "spam"));
        await(() -> network.relay.kicked.contains("bob: spam"), "bob kicked on the network");
    }

    @Test
    void aBanOfAGhostBansTheRemoteUserAndLiftingItUnbans() throws Exception {
        BanningRelay relay = new BanningRelay();
        network.relay = relay;
        RoomId room = linkedRoom();
        String ghost = ghostOfBob(room);
        stateEvent(room, ALICE, "m.room.member", ghost, JSON.createObjectNode().put("membership", "ban").put("reason", "spam"));
        await(() -> relay.bans.contains("ban bob: spam"), "bob banned on the network");
        stateEvent(room, ALICE, "m.room.member", ghost, JSON.createObjectNode().put("membership", "leave"));
        await(() -> relay.bans.contains("unban bob"), "bob's ban lifted on the network");
        assertThat(relay.kicked).as("a network that bans is not also asked to kick").isEmpty();
        assertThat(relay.bans).containsExactly("ban bob: spam", "unban bob");
    }

    @Test
    void aBanOfAGhostKicksWhereTheNetworkCannotBanAndItsLiftingDoesNothing() throws Exception {
        RoomId room = linkedRoom();
        String ghost = ghostOfBob(room);
        stateEvent(room, ALICE, "m.room.member", ghost, JSON.createObjectNode().put("membership", "ban").put("reason", "spam"));
        await(() -> network.relay.kicked.contains("bob: spam"), "bob kicked on the network");
        stateEvent(room, ALICE, "m.room.member", ghost, JSON.createObjectNode().put("membership", "leave"));
        fromAlice(room, "marker after the unban");
        await(() -> network.relay.sent.size() == 1, "the marker");
        assertThat(network.relay.kicked).as("lifting the ban is no second kick").containsExactly("bob: spam");
    }

    /** Bob's ghost in the room, its join echoed as the homeserver does; returns its Matrix id. */
    private String ghostOfBob(RoomId room) throws InterruptedException {
        network.context.push(fromBob(LOBBY, "b1", "bob is here"));
        await(() -> matrix.bodies(room).contains("bob is here"), "bob's ghost in the room");
        String ghost = "@_test_bob:example.org";
        stateEvent(room, ghost, "m.room.member", ghost, JSON.createObjectNode().put("membership", "join"));
        return ghost;
    }

    /** Typing in a room, as the AS API hands the homeserver's {@code m.typing} to the inbox. */
    private void typing(RoomId room, String... users) throws InterruptedException {
        ObjectNode transaction = JSON.createObjectNode();
        transaction.putArray("events");
        ArrayNode ids = transaction.putArray("ephemeral").addObject().put("type", "m.typing").put("room_id", room.value())
                .putObject("content").putArray("user_ids");
        for (String user : users) {
            ids.add(user);
        }
        inbox.accept("txn" + txn.incrementAndGet(), transaction);
    }

    /** A portal made by a remote message, as a network's new room makes one. */
    private RoomId portal(String key) throws InterruptedException {
        network.context.push(fromBob(new RemoteRoomId(key), key + "1", "first in " + key));
        RoomId[] portal = new RoomId[1];
        await(() -> (portal[0] = matrix.aliasTarget("#_test_" + key + ":example.org")) != null
                && matrix.bodies(portal[0]).contains("first in " + key), "the portal");
        return portal[0];
    }

    @Test
    void aRelayThatTakesRoomChangesRenamesThePortalAndShowsTypingForUsersWithoutALogin() throws Exception {
        network.relay = new RoomChangesRelay();
        RoomId room = portal("named");
        stateEvent(room, ALICE, "m.room.name", "", JSON.createObjectNode().put("name", "New name"));
        typing(room, ALICE, "@_test_bob:example.org");
        typing(room);
        stateEvent(room, ALICE, "m.room.topic", "", JSON.createObjectNode().put("topic", "a topic"));
        fromAlice(room, "marker");
        await(() -> network.relay.sent.size() == 1, "the marker");
        assertThat(network.relay.changes).as("the relay renames and shows Alice typing, not the ghost, and no topic: "
                + "that needs her own login").containsExactly("named name New name", "named typing true", "named typing false");
    }

    @Test
    void aRelayWithoutTheMarkerIsNotAskedForRoomChangesOrTyping() throws Exception {
        RoomId room = portal("plain");
        stateEvent(room, ALICE, "m.room.name", "", JSON.createObjectNode().put("name", "New name"));
        typing(room, ALICE);
        typing(room);
        fromAlice(room, "marker");
        await(() -> network.relay.sent.size() == 1, "the marker");
        assertThat(network.relay.changes).isEmpty();
    }

    @Test
    void matrixPresenceReachesANetworkThatShowsItButNotForTheBridgesOwnUsers() throws Exception {
        presence("@_test_bob:example.org", "unavailable", "a ghost");
        presence(ALICE, "unavailable", "at lunch");
        presence(ALICE, "online", "");
        await(() -> network.presences.size() == 2, "two presences");
        assertThat(network.presences).containsExactly(ALICE + " away at lunch", ALICE + " back");
    }

    /** A Matrix user's presence, as the AS API hands the homeserver's {@code m.presence} (no room) to the inbox. */
    private void presence(String user, String presence, String status) throws InterruptedException {
        ObjectNode transaction = JSON.createObjectNode();
        transaction.putArray("events");
        transaction.putArray("ephemeral").addObject().put("type", "m.presence").put("sender", user)
                .putObject("content").put("presence", presence).put("status_msg", status);
        inbox.accept("txn" + txn.incrementAndGet(), transaction);
    }

    /** A network with one relay client that records what it sends, and that shows Matrix presence. */
    private static final class TestNetwork implements NetworkConnector, NetworkConnector.MatrixPresence {
        volatile Relay relay = new Relay();
        final List<String> memberships = new CopyOnWriteArrayList<>();
        final List<String> presences = new CopyOnWriteArrayList<>();

        @Override
        public void presence(String matrixUser, boolean away, Optional<String> statusMessage) {
            presences.add(matrixUser + (away ? " away " + statusMessage.orElse("") : " back"));
        }

        @Override
        public void membership(RemoteRoomId room, String matrixUser, boolean joined) {
            memberships.add(matrixUser + (joined ? " joined" : " left"));
        }
        volatile NetworkContext context;

        @Override
        public NetworkInfo info() {
            return new NetworkInfo("test", "Test");
        }

        @Override
        public void start(NetworkContext context) {
            this.context = context;
        }

        @Override
        public Optional<RemoteRoomInfo> resolvePortal(String key) {
            return Optional.of(RemoteRoomInfo.named(new RemoteRoomId(key), key));
        }

        @Override
        public String portalKey(RemoteRoomId room) {
            return room.value();
        }

        @Override
        public Optional<NetworkClient> relay() {
            return Optional.of(relay);
        }
    }

    record Sent(RemoteRoomId room, OutboundMessage message) {
    }

    /** A relay that also acts for users without a login in room changes and typing. */
    private static final class RoomChangesRelay extends Relay implements NetworkClient.RelaysRoomChanges {
    }

    /** A relay that also bans and lifts bans. */
    private static final class BanningRelay extends Relay implements NetworkClient.Bans {
        final List<String> bans = new CopyOnWriteArrayList<>();

        @Override
        public void ban(RemoteRoomId room, RemoteUserId member, String reason) {
            bans.add("ban " + member.value() + ": " + reason);
        }

        @Override
        public void unban(RemoteRoomId room, RemoteUserId member) {
            bans.add("unban " + member.value());
        }
    }

    private static class Relay implements NetworkClient, NetworkClient.Kicks, NetworkClient.RoomNames,
            NetworkClient.TypingNotices {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();

        @Override
        public void setRoomName(RemoteRoomId room, String name) {
            changes.add(room.value() + " name " + name);
        }

        @Override
        public void typing(RemoteRoomId room, boolean typing) {
            changes.add(room.value() + " typing " + typing);
        }
        final List<String> kicked = new CopyOnWriteArrayList<>();

        @Override
        public void kick(RemoteRoomId room, RemoteUserId member, String reason) {
            kicked.add(member.value() + ": " + reason);
        }
        final AtomicInteger sending = new AtomicInteger();
        volatile Consumer<OutboundMessage> duringSend = out -> { };
        volatile Duration echoWindow = Duration.ZERO;
        volatile Optional<RemoteUserId> account = Optional.empty();

        @Override
        public Optional<RemoteUserId> account() {
            return account;
        }

        @Override
        public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
            sending.incrementAndGet();
            String id = "sent-" + sent.size();
            duringSend.accept(message);
            Thread.sleep(echoWindow.toMillis()); // widens the window a bridge without one ordering path would lose
            sent.add(new Sent(room, message));
            return RemoteMessageId.of(id);
        }
    }
}
