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
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The IRC bridge against a real InspIRCd 3 with its IRCv3 modules (server-time, message-tags, echo-message,
 * multi-prefix, away-notify, account-notify, extended-join) and a real Synapse: the bridge negotiates them with its
 * default capabilities, and the basics work as on ngIRCd. Not here: SASL (InspIRCd offers it only with services) and
 * {@code draft/relaymsg} (no Debian ircd has it), which {@link Ircv3FakeServerTest} covers.
 */
class Ircv3IT {
    static final Path DIR = BridgeItSupport.dir("ircv3");
    static final Duration WAIT = Duration.ofSeconds(20);

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.inspircd();

    static final IrcConnector connector = new IrcConnector();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, () -> "", () -> connector);
    static TestUser alice;

    @BeforeAll
    static void start() {
        alice = hs.registerUser();
        alice.setDisplayName("Alice M");
    }

    private static String ghost(String nick) {
        return "@_irc_" + nick + ":localhost";
    }

    private static String portal(String channel) {
        return alice.join("#_irc_" + channel + ":localhost");
    }

    private static Predicate<JsonNode> body(String sender, String text) {
        return e -> e.path("sender").asString().equals(sender) && e.path("content").path("body").asString().equals(text);
    }

    private static Predicate<JsonNode> power(String user, int level) {
        return e -> e.path("type").asString().equals("m.room.power_levels")
                && e.path("content").path("users").path(user).asInt(0) == level;
    }

    /** An IRC user with server-time, message-tags and echo-message, in the channel. */
    private static IrcTestClient ircv3User(String nick, String channel) {
        IrcTestClient user = ircd.connect(nick);
        user.send("CAP REQ :server-time message-tags echo-message");
        user.await(l -> l.contains(" CAP " + nick + " ACK "), WAIT);
        user.join(channel);
        return user;
    }

    private static void awaitPuppetIn(IrcTestClient watcher, String channel) {
        watcher.send("NAMES " + channel);
        watcher.await(l -> l.contains(" 353 ") && l.contains(channel) && l.contains("AliceM[m]")
                || l.contains(":AliceM[m]!") && l.endsWith(" JOIN :" + channel), WAIT);
    }

    /** Waits until alice sees the user's presence (and status message, unless null). */
    private static void awaitPresence(String user, String presence, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode seen = null;
        while (System.nanoTime() < deadline) {
            seen = alice.presence(user);
            if (seen.path("presence").asString().equals(presence)
                    && (status == null || seen.path("status_msg").asString().equals(status))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(user + " was not " + presence + " (" + status + ") within " + WAIT + ": " + seen);
    }

    /** A tag's (unescaped-free) value on a tagged line. */
    private static String tag(String line, String name) {
        for (String tag : line.substring(1, line.indexOf(' ')).split(";")) {
            if (tag.startsWith(name + "=")) {
                return tag.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " tag in " + line);
    }

    /** The {@code time} tag of a tagged line. */
    private static Instant serverTime(String line) {
        return Instant.parse(tag(line, "time"));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void anIrcMessageKeepsTheServersTimeAsItsMatrixTimestampEvenWhenTheBridgeReadsItLate() throws Exception {
        String room = portal("#time");
        try (IrcTestClient bob = ircv3User("bob1", "#time")) {
            awaitPuppetIn(bob, "#time");
            Instant sent;
            // The bridge bot's thread waits for the tracker's lock: it reads the message 1.5 s after the server sent
            // it, so a timestamp from the bridge's own clock would be at least that much later.
            synchronized (connector.tracker()) {
                bob.message("#time", "what time is it");
                // bob's echo carries the time the server gave the message, the same the bridge bot got
                sent = serverTime(bob.await(l -> l.endsWith(" PRIVMSG #time :what time is it"), WAIT));
                Thread.sleep(1500);
            }
            JsonNode event = alice.awaitEvent(room, body(ghost("bob1"), "what time is it"), WAIT);
            assertThat(event.path("origin_server_ts").asLong()).isEqualTo(sent.toEpochMilli());
        }
    }

    @Test
    void aPuppetsMessageIsConfirmedByItsEchoAndStillAppearsOnceInMatrix() throws InterruptedException {
        String room = portal("#echo");
        try (IrcTestClient bob = ircv3User("bob2", "#echo")) {
            awaitPuppetIn(bob, "#echo");
            String eventId = alice.sendText(room, "hi from matrix");
            String line = bob.await(l -> l.contains(":AliceM[m]!") && l.endsWith(" PRIVMSG #echo :hi from matrix"), WAIT);
            // the puppet took its echo as the delivery: the Matrix event maps to the server's msgid of the message
            String msgid = tag(line, "msgid");
            awaitTrue(() -> it.bridge().links().copiesOf(room, eventId).stream()
                    .anyMatch(m -> m.value().equals(msgid)), "the event mapped to msgid " + msgid);
            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.emote", "body", "waves"));
            bob.await(l -> l.contains(":AliceM[m]!") && l.endsWith(" PRIVMSG #echo :\u0001ACTION waves\u0001"), WAIT);
            // a later IRC message in Matrix: the echoes, which came before it on the bot's connection, are handled
            bob.message("#echo", "after the echoes");
            alice.awaitEvent(room, body(ghost("bob2"), "after the echoes"), WAIT);
        }
        assertThat(alice.messages(room, 50)).filteredOn(e -> e.path("type").asString().equals("m.room.message"))
                .extracting(e -> e.path("content").path("body").asString())
                .as("each message once, the puppet's own not bridged back")
                .containsExactly("hi from matrix", "waves", "after the echoes");
    }

    @Test
    void withMultiPrefixTheHighestRankWinsAndVoiceRemainsWhenOpsAreTaken() {
        try (IrcTestClient carol = ircd.connect("carol3")) {
            carol.join("#ranks"); // first in: channel operator
            carol.send("MODE #ranks +v carol3");
            carol.await(l -> l.endsWith(" MODE #ranks +v carol3") || l.endsWith(" MODE #ranks +v :carol3"), WAIT);
            // the bridge bot joins now: only with multi-prefix does its names list say @+carol3
            String room = portal("#ranks");
            alice.awaitEvent(room, power(ghost("carol3"), ChannelRanks.OP_LEVEL), WAIT);
            carol.send("MODE #ranks -o carol3");
            alice.awaitEvent(room, power(ghost("carol3"), ChannelRanks.VOICE_LEVEL), WAIT);
        }
    }

    @Test
    void theBasicsWorkWithTaggedLinesAndAwayBecomesTheGhostsPresence() {
        String room;
        try (IrcTestClient bob = ircv3User("bob4", "#basics")) { // first in: may set the topic (+t)
            room = portal("#basics");
            alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.member")
                    && e.path("state_key").asString().equals(ghost("bob4"))
                    && e.path("content").path("membership").asString().equals("join"), WAIT);
            awaitPuppetIn(bob, "#basics");
            // Read the ghost's presence once first. Synapse's first read of a user without stored presence writes a
            // default "offline" into its cache after a database await (PresenceHandler.current_state_for_users), and
            // a read that races the bridge's first presence PUT overwrites what the PUT set: the flake seen twice.
            alice.presence(ghost("bob4"));
            bob.send("AWAY :lunch");
            // (not while the ghost talks: Synapse makes a user who sends a message online again)
            awaitPresence(ghost("bob4"), "unavailable", "lunch");
            bob.send("AWAY");
            awaitPresence(ghost("bob4"), "online", null);
            bob.send("PRIVMSG #basics :\u0001ACTION dances\u0001");
            assertThat(alice.awaitEvent(room, body(ghost("bob4"), "dances"), WAIT).path("content").path("msgtype")
                    .asString()).isEqualTo("m.emote");
            // an IRCv3 reply (+draft/reply with the msgid of bob's own message) becomes a Matrix reply
            String question = alice.awaitEvent(room, body(ghost("bob4"), "dances"), WAIT).path("event_id").asString();
            String msgid = tag(bob.await(l -> l.endsWith(" PRIVMSG #basics :\u0001ACTION dances\u0001"), WAIT), "msgid");
            bob.send("@+draft/reply=" + msgid + " PRIVMSG #basics :to myself");
            assertThat(alice.awaitEvent(room, body(ghost("bob4"), "to myself"), WAIT).path("content")
                    .path("m.relates_to").path("m.in_reply_to").path("event_id").asString()).isEqualTo(question);
            // and a Matrix reply goes to IRC as an answer to that message, quoting it for clients without draft/reply
            alice.sendEvent(room, "m.room.message", Map.of("msgtype", "m.text", "body", "back to you",
                    "m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", question))));
            String answer = bob.await(l -> l.contains(":AliceM[m]!")
                    && l.endsWith(" PRIVMSG #basics :<bob4> \"dances\" <- back to you"), WAIT);
            assertThat(tag(answer, "+draft/reply")).isEqualTo(msgid);
            bob.send("TOPIC #basics :tagged topics");
            alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.topic")
                    && e.path("content").path("topic").asString().equals("tagged topics"), WAIT);
            alice.sendText(room, "hello bob");
            bob.await(l -> l.contains(":AliceM[m]!") && l.endsWith(" PRIVMSG #basics :hello bob"), WAIT);
            bob.send("PART #basics :bye");
            alice.awaitEvent(room, e -> e.path("type").asString().equals("m.room.member")
                    && e.path("state_key").asString().equals(ghost("bob4"))
                    && e.path("content").path("membership").asString().equals("leave"), WAIT);
        }
        assertThat(alice.messages(room, 100)).filteredOn(e -> e.path("type").asString().equals("m.room.member")
                        && e.path("state_key").asString().equals(ghost("bob4")))
                .extracting(e -> e.path("content").path("membership").asString())
                .as("away and back made no leave; the part made one").containsOnlyOnce("leave").endsWith("leave");
    }
}
