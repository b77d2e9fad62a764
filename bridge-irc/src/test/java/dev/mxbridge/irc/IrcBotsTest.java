package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pircbotx.Configuration;
import org.pircbotx.hooks.CoreHooks;
import org.pircbotx.hooks.ListenerAdapter;
import org.pircbotx.hooks.managers.ListenerManager;

class IrcBotsTest {
    private static final IrcNetwork NETWORK = IrcNetwork.plain("127.0.0.1", 6667, Duration.ofMillis(250));

    @Test
    void puppetsAreConfiguredForThousandsOfConnections() {
        Configuration config = new IrcBots(NETWORK).configure("alice[m]", "alice", "Alice").buildConfiguration();
        assertThat(config.isShutdownHookEnabled()).isFalse();
        assertThat(config.isSnapshotsEnabled()).isFalse();
        assertThat(config.isOnJoinWhoEnabled()).isFalse();
        assertThat(config.isAutoReconnect()).isFalse();
        assertThat(config.isAutoSplitMessage()).isFalse();
        assertThat(config.getMessageDelay()).isEqualTo(250);
        assertThat(config.getEncoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(config.isCapEnabled()).isFalse();
        assertThat(config.<ListenerManager>getListenerManager()).isInstanceOf(InlineListeners.class);
        assertThat(config.<ListenerManager>getListenerManager().getListeners()).noneMatch(CoreHooks.class::isInstance).hasSize(1);
    }

    @Test
    void pircBotXNeverNegotiatesItselfEvenWithCapabilitiesListed() {
        Configuration config = new IrcBots(NETWORK.withCapabilities(List.of("server-time", "sasl")))
                .configure("bob", "bob", "Bob").buildConfiguration();
        assertThat(config.isCapEnabled()).isFalse();
        assertThat(config.getCapHandlers()).isEmpty();
    }

    @Test
    void givenListenersComeAfterTheEssentials() {
        ListenerAdapter mine = new ListenerAdapter() {
        };
        Configuration config = new IrcBots(NETWORK).configure("carol", "carol", "Carol", mine).buildConfiguration();
        assertThat(config.<ListenerManager>getListenerManager().getListeners()).contains(mine).hasSize(2);
    }

    @Test
    void namesFromMatrixAreCleanedOrRefused() {
        IrcBots bots = new IrcBots(NETWORK);
        assertThat(bots.configure("dave", "dave", "Dave\r\nQUIT").buildConfiguration().getRealName())
                .isEqualTo("Dave QUIT");
        assertThatThrownBy(() -> bots.configure("dave", "da ve", "Dave")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bots.configure("da,ve", "dave", "Dave")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverPingsAreAnsweredAtOnceAndPrefixIsLearnedFromTheWelcome() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A minute of message delay: the PONG must not wait behind it.
            IrcBots bots = new IrcBots(IrcNetwork.plain("127.0.0.1", server.getLocalPort(), Duration.ofMinutes(1)));
            SafeBot bot = bots.puppet("pinged");
            bot.start();
            try (Socket client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream();
                List<String> received = new ArrayList<>();
                received.add(in.readLine());
                received.add(in.readLine());
                assertThat(received).containsExactly("NICK pinged", "USER pinged 8 * :pinged");
                out.write((":fake.server 001 pinged :Welcome to the fake network pinged!~pinged@host.example\r\n"
                        + "PING :abc123\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                bot.registered().get(5, TimeUnit.SECONDS);
                assertThat(in.readLine()).isEqualTo("PONG :abc123");
                assertThat(bot.userAtHost()).contains("~pinged@host.example");
                assertThat(bot.sourcePrefixBytes()).isEqualTo(":pinged!~pinged@host.example ".length());
            }
            bot.finished().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void linesAreCountedAsSentAndThoseThatWaitedForTheMessageDelayAsThrottled() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IrcBots bots = new IrcBots(IrcNetwork.plain("127.0.0.1", server.getLocalPort(), Duration.ofMillis(300)),
                    new IrcMetrics(registry));
            SafeBot bot = bots.puppet("counted");
            bot.start();
            try (Socket client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("NICK counted");
                assertThat(in.readLine()).startsWith("USER counted");
                client.getOutputStream().write(":fake.server 001 counted :Welcome\r\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                bot.registered().get(5, TimeUnit.SECONDS);
                double sentBefore = registry.get("irc_lines_sent").tag("role", "puppet").counter().count();
                double throttledBefore = registry.get("irc_lines_throttled").tag("role", "puppet").counter().count();
                assertThat(sentBefore).as("NICK and USER at least").isGreaterThanOrEqualTo(2.0);

                bot.sendMessage(IrcLines.Kind.PRIVMSG, "#c", "one\ntwo\nthree"); // three lines, 300 ms apart
                assertThat(List.of(in.readLine(), in.readLine(), in.readLine()))
                        .containsExactly("PRIVMSG #c :one", "PRIVMSG #c :two", "PRIVMSG #c :three");

                assertThat(registry.get("irc_lines_sent").tag("role", "puppet").counter().count() - sentBefore)
                        .as("three messages").isEqualTo(3.0);
                assertThat(registry.get("irc_lines_throttled").tag("role", "puppet").counter().count() - throttledBefore)
                        .as("the second and third waited for the delay after the line before (the first too, if USER "
                                + "went out less than 300 ms before)").isBetween(2.0, 3.0);
                assertThat(registry.get("irc_lines_sent").tag("role", "bot").counter().count()).isZero();
            }
            bot.finished().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLateCapAckAfterCapEndIsRecordedInsteadOfThrowing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IrcNetwork network = IrcNetwork.plain("127.0.0.1", server.getLocalPort(), Duration.ZERO)
                    .withCapabilities(List.of("multi-prefix"));
            SafeBot bot = new IrcBots(network).puppet("capper");
            bot.start();
            try (Socket client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream();
                assertThat(in.readLine()).isEqualTo("CAP LS 302");
                // The server lists nothing the bot wants, so negotiation ends at once ...
                out.write(":fake.server CAP * LS :sasl\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                do {
                    line = in.readLine();
                } while (!line.equals("CAP END"));
                // ... and an ACK after that hit PircBotX's unmodifiable list (UnsupportedOperationException).
                out.write((":fake.server CAP capper ACK :multi-prefix\r\n"
                        + ":fake.server 001 capper :Welcome\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                bot.registered().get(5, TimeUnit.SECONDS);
                assertThat(bot.getEnabledCapabilities()).containsExactly("multi-prefix");
            }
            bot.finished().get(5, TimeUnit.SECONDS);
        }
    }
}
