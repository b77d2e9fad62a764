package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What no Debian ircd offers, against {@link FakeIrcServer} over a real socket: SASL PLAIN (InspIRCd needs a services
 * server for it) and {@code draft/relaymsg} (only Ergo and a few others have it); and echo-message refusals.
 */
class Ircv3FakeServerTest {
    private static final String PAYLOAD = Base64.getEncoder()
            .encodeToString("relaybot\0relaybot\0s3cret".getBytes(StandardCharsets.UTF_8));
    private static final IrcConnection.Nicks NO_NICKS = new IrcConnection.Nicks() {
        @Override
        public void taken(String nick) {
        }

        @Override
        public void released(String nick) {
        }
    };

    private static SafeBot saslBot(FakeIrcServer server, String password) {
        IrcBots bots = new IrcBots(server.network(List.of()));
        SafeBot bot = bots.create(bots.configure("relaybot", "relaybot", "bot"), List.of("server-time"),
                Optional.of(new CapNegotiation.SaslPlain("relaybot", password)));
        bot.start();
        bot.registered().orTimeout(FakeIrcServer.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return bot;
    }

    @Test
    void saslPlainLogsInBeforeCapEnd() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("server-time sasl=PLAIN,EXTERNAL", PAYLOAD)) {
            SafeBot bot = saslBot(server, "s3cret");
            assertThat(bot.authenticated()).isTrue();
            assertThat(bot.getEnabledCapabilities()).containsExactly("server-time", "sasl");
            List<String> sent = server.received();
            assertThat(sent).startsWith("CAP LS 302", "NICK relaybot");
            assertThat(sent.indexOf("AUTHENTICATE " + PAYLOAD)).isLessThan(sent.indexOf("CAP END"));
            bot.close();
        }
    }

    @Test
    void aRefusedSaslLoginStillRegistersUnauthenticated() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("sasl", PAYLOAD)) {
            SafeBot bot = saslBot(server, "wrong");
            assertThat(bot.authenticated()).isFalse();
            assertThat(server.received()).contains("CAP END");
            bot.close();
        }
    }

    /** A connection in #c with the capabilities, as the bridge bot would be. */
    private static IrcConnection joined(FakeIrcServer server, List<String> caps) throws InterruptedException {
        IrcBots bots = new IrcBots(server.network(caps));
        IrcConnection connection = new IrcConnection("relaybot", 30, nick -> bots.create(bots.configure(nick, nick, nick)),
                new Pacer(Duration.ZERO), NO_NICKS, line -> { });
        connection.start();
        connection.join("#c");
        long deadline = System.nanoTime() + FakeIrcServer.WAIT.toNanos();
        while (!connection.isIn("#c")) {
            assertThat(System.nanoTime()).as("joined #c in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        return connection;
    }

    @Test
    void theRelaySpeaksUnderTheUsersNameWithRelaymsgAndTheEchoConfirmsIt() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("echo-message message-tags draft/relaymsg=/", PAYLOAD)) {
            IrcConnection relay = joined(server, List.of("echo-message", "message-tags", "draft/relaymsg"));
            assertThat(relay.relaysAs()).contains("/");
            CompletableFuture<IrcConnection.Sent> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return relay.relay("#c", "Alice/m", IrcLines.Kind.ACTION, "waves", FakeIrcServer.WAIT);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(server.await("RELAYMSG")).isEqualTo("RELAYMSG #c Alice/m :\u0001ACTION waves\u0001");
            assertThat(sent).isNotDone(); // waiting for the echo
            server.send("@draft/relaymsg=relaybot;msgid=r1 :Alice/m!relay@fake PRIVMSG #c :\u0001ACTION waves\u0001");
            assertThat(sent.get(5, TimeUnit.SECONDS).msgid()).contains("r1");
            relay.stop("done");
        }
    }

    /** Runs the send on another thread: it waits for the server's answer, which the test gives. */
    private static CompletableFuture<IrcConnection.Sent> async(Sending sending) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sending.send();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Sending {
        IrcConnection.Sent send() throws InterruptedException;
    }

    @Test
    void aRefusedRelaymsgFallsBackToTheNameInTheTextAndIsNotRetriedInThatChannel() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("echo-message message-tags draft/relaymsg=/", PAYLOAD)) {
            IrcConnection relay = joined(server, List.of("echo-message", "message-tags", "draft/relaymsg"));
            Relaying relaying = new Relaying(relay, 30, (channel, nick) -> false);
            assertThat(relaying.virtual()).isTrue();
            var first = async(() -> relaying.send("#c", IrcLines.Kind.PRIVMSG, "hi", "Bob B", "bob", FakeIrcServer.WAIT));
            assertThat(server.await("RELAYMSG")).isEqualTo("RELAYMSG #c BobB/m :hi");
            server.send(":fake.server FAIL RELAYMSG PRIVS_NEEDED #c :You must be a channel operator");
            assertThat(server.await("PRIVMSG")).isEqualTo("PRIVMSG #c :<Bob B> hi");
            server.send("@msgid=p1 :relaybot!u@fake PRIVMSG #c :<Bob B> hi");
            assertThat(first.get(5, TimeUnit.SECONDS).msgid()).contains("p1");

            var second = async(() -> relaying.send("#c", IrcLines.Kind.ACTION, "waves", "Bob B", "bob", FakeIrcServer.WAIT));
            assertThat(server.await("PRIVMSG")).isEqualTo("PRIVMSG #c :* Bob B waves");
            server.send(":relaybot!u@fake PRIVMSG #c :* Bob B waves");
            second.get(5, TimeUnit.SECONDS);
            assertThat(server.received()).filteredOn(l -> l.startsWith("RELAYMSG")).hasSize(1);
            relay.stop("done");
        }
    }

    @Test
    void noticesAreRelayedWithTheNameInTheText() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("echo-message draft/relaymsg=/", PAYLOAD)) {
            IrcConnection relay = joined(server, List.of("echo-message", "draft/relaymsg"));
            Relaying relaying = new Relaying(relay, 30, (channel, nick) -> true);
            var sent = async(() -> relaying.send("#c", IrcLines.Kind.NOTICE, "note", "Carol", "carol", FakeIrcServer.WAIT));
            assertThat(server.await("NOTICE")).isEqualTo("NOTICE #c :<Carol> note");
            server.send(":relaybot!u@fake NOTICE #c :<Carol> note");
            sent.get(5, TimeUnit.SECONDS);
            relay.stop("done");
        }
    }

    @Test
    void relayedNicksAreValidNicksWithTheSeparatorAndFitTheLimit() {
        Relaying relaying = new Relaying(null, 12, (channel, nick) -> false);
        assertThat(relaying.nick("Dänïel O'Brien the Third", "dan", "/")).isEqualTo("DnelOBrien/m").hasSize(12);
        assertThat(relaying.nick("!!!", "erin", "/")).isEqualTo("erin/m");
    }

    @Test
    void withoutRelaymsgOrEchoMessageTheRelayHasNoVirtualNames() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("echo-message", PAYLOAD)) {
            IrcConnection relay = joined(server, List.of("echo-message", "draft/relaymsg"));
            assertThat(relay.relaysAs()).isEmpty();
            relay.stop("done");
        }
        try (FakeIrcServer server = new FakeIrcServer("draft/relaymsg", PAYLOAD)) {
            IrcConnection relay = joined(server, List.of("echo-message", "draft/relaymsg"));
            assertThat(relay.relaysAs()).as("a refusal would go unnoticed without echo-message").isEmpty();
            relay.stop("done");
        }
    }

    @Test
    void withEchoMessageAMessageTheServerRefusesFailsInsteadOfVanishing() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer("echo-message", PAYLOAD)) {
            IrcConnection puppet = joined(server, List.of("echo-message"));
            CompletableFuture<IrcConnection.Sent> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return puppet.send(IrcLines.Kind.PRIVMSG, "#c", "hello", FakeIrcServer.WAIT);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            server.await("PRIVMSG #c");
            server.send(":fake.server 404 relaybot #c :Cannot send to channel (+m)");
            assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IrcBridgeException.class)
                    .hasMessageContaining("Cannot send to channel");
            puppet.stop("done");
        }
    }
}
