package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's own IRC connection, managed in their private chat with the bridge bot (nick, whois, listrooms, quit,
 * reconnect, storepass, removepass), and the privacy rule that goes with it; real Synapse, real ngIRCd, and a raw
 * IRC client playing NickServ.
 */
class AccountCommandsIT {
    static final Path DIR = BridgeItSupport.dir("irc-account");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String BOT = "@_irc_bot:localhost";

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd("account");


    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = BridgeItSupport.bridge(DIR, hs, ircd, "");

    private static TestUser user(String displayName) {
        TestUser user = hs.registerUser();
        user.setDisplayName(displayName);
        return user;
    }

    /** The user's private chat with the bridge bot, where the bot may redact (power 100). */
    private static String privateChat(TestUser user) throws InterruptedException {
        String room = user.createRoom();
        user.invite(room, BOT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!user.joinedMembers(room).containsKey(BOT)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bridge bot did not join " + room);
            }
            Thread.sleep(100);
        }
        ObjectNode levels = (ObjectNode) user.state(room, "m.room.power_levels", "").orElseThrow().deepCopy();
        ((ObjectNode) levels.get("users")).put(BOT, 100);
        user.sendState(room, "m.room.power_levels", "", levels);
        return room;
    }

    /** Sends a command and returns the bot's first answer after it that contains the text. */
    private static String command(TestUser user, String room, String command, String answer)
            throws InterruptedException {
        String sent = user.sendText(room, command);
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> replies = List.of();
        while (System.nanoTime() < deadline) {
            List<JsonNode> events = user.messages(room, 50);
            int at = events.stream().map(e -> e.path("event_id").asString()).toList().indexOf(sent);
            replies = events.subList(at + 1, events.size()).stream().filter(e -> e.path("sender").asString().equals(BOT))
                    .map(e -> e.path("content").path("body").asString()).toList();
            for (String reply : replies) {
                if (reply.contains(answer)) {
                    return reply;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer to " + command + " containing " + answer + "; the bot said " + replies);
    }

    private static IrcTestClient ircUser(String nick, String channel) {
        IrcTestClient client = ircd.connect(nick);
        client.join(channel);
        return client;
    }

    private static void awaitIn(IrcTestClient watcher, String channel, String nick) {
        watcher.send("NAMES " + channel);
        watcher.await(l -> l.contains(" 353 ") && l.contains(channel) && l.contains(nick)
                || l.startsWith(":" + nick + "!") && l.endsWith(" JOIN :" + channel), WAIT);
    }

    private static Predicate<JsonNode> body(String text) {
        return e -> e.path("content").path("body").asString().equals(text);
    }

    @Test
    void nickWhoisAndListroomsAnswerInThePrivateChatAndRefuseElsewhere() throws InterruptedException {
        TestUser nora = user("Nora");
        String portal = nora.join("#_irc_#admin:localhost");
        try (IrcTestClient bob = ircUser("bob20", "#admin")) {
            awaitIn(bob, "#admin", "Nora[m]");
            String chat = privateChat(nora);
            assertThat(command(nora, chat, "listrooms", "Connected")).isEqualTo("Connected to IRC as Nora[m].\n#admin");

            command(nora, chat, "nick bob20", "taken");
            command(nora, chat, "nick \"Nora\r\nQUIT :pwned\"", "one word");
            command(nora, chat, "nick NoraNew", "You are now NoraNew on IRC.");
            bob.await(l -> l.startsWith(":Nora[m]!") && l.endsWith(" NICK :NoraNew"), WAIT);
            nora.sendText(portal, "renamed");
            bob.await(l -> l.startsWith(":NoraNew!") && l.endsWith(" PRIVMSG #admin :renamed"), WAIT);

            String whois = command(nora, chat, "whois bob20", "bob20 is ");
            assertThat(whois).contains("#admin");
            command(nora, chat, "whois nobody99", "No one on IRC is called nobody99.");
            command(nora, chat, "whois \"bob20\nQUIT :pwned\"", "one word");

            command(nora, portal, "!irc listrooms", "use it in your private chat");
            bob.message("#admin", "done");
            nora.awaitEvent(portal, body("done"), WAIT);
            assertThat(bob.received()).noneMatch(l -> l.contains(" QUIT ") || l.contains("pwned"));
            assertThat(nora.messages(portal, 100)).as("the puppet's nick change is not a ghost's")
                    .noneMatch(e -> e.path("content").path("displayname").asString().equals("NoraNew"));
        }
    }

    @Test
    void storepassIdentifiesOnEveryConnectAndTheMessageIsRedacted() throws InterruptedException {
        // PircBotX logs every line it sends at INFO: listen to all of it while the password is in use
        Logger pircbotx = (Logger) LoggerFactory.getLogger("org.pircbotx");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        pircbotx.setLevel(Level.INFO);
        pircbotx.setAdditive(false);
        pircbotx.addAppender(logged);
        try {
            storepass();
        } finally {
            pircbotx.detachAppender(logged);
            pircbotx.setAdditive(true);
            pircbotx.setLevel(null);
        }
        assertThat(logged.list).as("lines were logged").anyMatch(e -> e.getFormattedMessage().contains("JOIN #pass"))
                .noneMatch(e -> e.getFormattedMessage().contains("hunter2"));
    }

    private void storepass() throws InterruptedException {
        TestUser pat = user("Pat");
        pat.join("#_irc_#pass:localhost");
        try (IrcTestClient nickServ = ircd.connect("NickServ"); IrcTestClient bob = ircUser("bob21", "#pass")) {
            awaitIn(bob, "#pass", "Pat[m]");
            String chat = privateChat(pat);

            command(pat, chat, "storepass pw\r\nQUIT :pwned", "cannot contain line breaks");
            String stored = pat.sendText(chat, "storepass hunter2");
            pat.awaitEvent(chat, e -> e.path("sender").asString().equals(BOT)
                    && e.path("content").path("body").asString().startsWith("Your password is stored"), WAIT);
            nickServ.await(l -> l.startsWith(":Pat[m]!") && l.endsWith(" PRIVMSG NickServ :IDENTIFY hunter2"), WAIT);
            assertThat(pat.messages(chat, 50)).filteredOn(e -> e.path("event_id").asString().equals(stored))
                    .singleElement().satisfies(e -> assertThat(e.path("content").isEmpty()).as("redacted").isTrue());

            command(pat, chat, "reconnect", "Reconnecting");
            bob.await(l -> l.startsWith(":Pat[m]!") && l.contains(" QUIT"), WAIT);
            nickServ.await(l -> l.startsWith(":Pat[m]!") && l.endsWith(" PRIVMSG NickServ :IDENTIFY hunter2"), WAIT);
            bob.await(l -> l.startsWith(":Pat[m]!") && l.endsWith(" JOIN :#pass"), WAIT);

            command(pat, chat, "removepass", "deleted");
            command(pat, chat, "reconnect", "Reconnecting");
            bob.await(l -> l.startsWith(":Pat[m]!") && l.endsWith(" JOIN :#pass"), WAIT);
            Thread.sleep(500);
            assertThat(nickServ.received()).filteredOn(l -> l.contains("IDENTIFY")).hasSize(2)
                    .noneMatch(l -> l.contains("pwned"));
            assertThat(bob.received()).filteredOn(l -> l.startsWith(":Pat[m]!")).noneMatch(l -> l.contains("pwned"));
        }
    }

    @Test
    void aPasswordGivenInABridgedRoomIsRedactedAndNotStored() throws InterruptedException {
        TestUser quinn = user("Quinn");
        String portal = quinn.join("#_irc_#leak:localhost");
        String sent = quinn.sendText(portal, "!irc storepass oops");
        quinn.awaitEvent(portal, e -> e.path("sender").asString().equals(BOT)
                && e.path("content").path("body").asString().contains("was not stored"), WAIT);
        assertThat(quinn.messages(portal, 50)).filteredOn(e -> e.path("event_id").asString().equals(sent))
                .singleElement().satisfies(e -> assertThat(e.path("content").isEmpty()).as("redacted").isTrue());
    }

    @Test
    void ircMessagesReachARoomOnlyWhileEveryMatrixMemberIsInTheChannel() throws InterruptedException {
        TestUser rita = user("Rita");
        TestUser sam = user("Sam");
        String portal = rita.join("#_irc_#privacy:localhost");
        sam.join(portal);
        try (IrcTestClient bob = ircUser("bob22", "#privacy")) {
            awaitIn(bob, "#privacy", "Rita[m]");
            awaitIn(bob, "#privacy", "Sam[m]");
            bob.message("#privacy", "both here");
            rita.awaitEvent(portal, body("both here"), WAIT);

            String chat = privateChat(sam);
            command(sam, chat, "quit", "Disconnected from IRC");
            bob.await(l -> l.startsWith(":Sam[m]!") && l.contains(" QUIT"), WAIT);
            bob.message("#privacy", "sam cannot read this");
            command(sam, chat, "listrooms", "Not connected to IRC now.\n#privacy (away)");

            sam.sendText(portal, "back");
            bob.await(l -> l.startsWith(":Sam[m]!") && l.endsWith(" PRIVMSG #privacy :back"), WAIT);
            bob.message("#privacy", "welcome back");
            rita.awaitEvent(portal, body("welcome back"), WAIT);
            assertThat(rita.messages(portal, 100)).noneMatch(body("sam cannot read this"));
        }
    }

    @Test
    void joinWithAKeyOpensTheKeyedChannelsRoomWithoutShowingTheKeyAndPartLeavesIt() throws Exception {
        TestUser uma = user("Uma");
        String chat = privateChat(uma);
        try (IrcTestClient op = ircUser("keyop", "#keyed")) {
            op.send("MODE #keyed +k s3cr3tk3y");
            op.await(l -> l.contains(" MODE #keyed +k"), WAIT);
            command(uma, chat, "join #keyed", "Could not join #keyed");
            String sent = uma.sendText(chat, "join #keyed s3cr3tk3y");
            command(uma, chat, "listrooms", ""); // wait until the join command was handled ...
            BridgeItSupport.await("the invite", WAIT, () -> !uma.invites().isEmpty());
            String room = uma.invites().getFirst();
            uma.join(room);
            awaitIn(op, "#keyed", "Uma[m]");
            assertThat(uma.messages(chat, 50)).as("the message with the key is redacted")
                    .filteredOn(e -> e.path("event_id").asString().equals(sent))
                    .allSatisfy(e -> assertThat(e.path("content").path("body").isMissingNode()).isTrue());
            assertThat(uma.state(room, "m.room.join_rules", "")).hasValueSatisfying(c ->
                    assertThat(c.path("join_rule").asString()).isEqualTo("invite"));

            command(uma, chat, "part #keyed", "You left #keyed.");
            op.await(l -> l.startsWith(":Uma[m]!") && l.contains(" PART #keyed"), WAIT);
        }
    }

    @Test
    void cmdSendsAllowedRawCommandsOnlyAndNeverASecondLine() throws Exception {
        TestUser vic = user("Vic");
        String chat = privateChat(vic);
        try (IrcTestClient watcher = ircUser("vicwatch", "#cmd")) {
            vic.join("#_irc_#cmd:localhost");
            awaitIn(watcher, "#cmd", "Vic[m]");
            command(vic, chat, "cmd QUIT :bye", "QUIT is not allowed");
            command(vic, chat, "cmd AWAY :at lunch", "Sent.");
            watcher.send("WHOIS Vic[m]");
            watcher.await(l -> l.contains(" 301 ") && l.endsWith(":at lunch"), WAIT);
            command(vic, chat, "cmd TOPIC #cmd :new topic\nQUIT :pwned", "one line");
            Thread.sleep(500);
            assertThat(watcher.received()).noneMatch(l -> l.startsWith(":Vic[m]!") && l.contains(" QUIT "));
        }
    }
}
