package dev.mxbridge.irc;

import static dev.mxbridge.irc.TestBots.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pircbotx.PircBotX;

/** Text with CR, LF or NUL sent through every PircBotX output path never becomes a second command on the server. */
class CrLfInjectionIT {
    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    private static final AtomicInteger PUPPETS = new AtomicInteger();
    private static IrcTestClient watcher;
    private static IrcBots bots;

    @BeforeAll
    static void watchBothChannels() {
        watcher = ircd.connect("watcher");
        watcher.join("#c");
        watcher.join("#evil");
        bots = new IrcBots(IrcNetwork.plain(ircd.host(), ircd.port(), Duration.ZERO));
    }

    @AfterAll
    static void leave() {
        watcher.close();
    }

    static Stream<Arguments> outputPaths() {
        return Stream.of(
                path("message", bot -> bot.sendIRC().message("#c", "hi\r\nJOIN #evil")),
                path("message with LF only", bot -> bot.sendIRC().message("#c", "hi\nQUIT :pwned")),
                path("message with CR only", bot -> bot.sendIRC().message("#c", "hi\rJOIN #evil")),
                path("message with NUL", bot -> bot.sendIRC().message("#c", "hi\0\r\nJOIN #evil")),
                path("action", bot -> bot.sendIRC().action("#c", "waves\r\nJOIN #evil")),
                path("notice", bot -> bot.sendIRC().notice("#c", "psst\r\nQUIT :pwned")),
                path("raw line", bot -> bot.sendRaw().rawLine("TOPIC #c :new topic\r\nJOIN #evil")),
                path("raw line now", bot -> bot.sendRaw().rawLineNow("PRIVMSG #c :now\nJOIN #evil")),
                path("join channel", bot -> bot.sendIRC().joinChannel("#c\r\nJOIN #evil")),
                path("join channel key", bot -> bot.sendIRC().joinChannel("#c", "key\r\nJOIN #evil")),
                path("message target", bot -> bot.sendIRC().message("#c\r\nJOIN #evil\r\nPRIVMSG #c", "x")),
                path("notice target", bot -> bot.sendIRC().notice("#c\nQUIT :pwned\nNOTICE #c", "x")),
                path("channel message", bot -> bot.getUserChannelDao().getChannel("#c").send()
                        .message("hi\r\nJOIN #evil")),
                path("kick reason", bot -> bot.sendRaw().rawLine("KICK #c watcher :bye\r\nJOIN #evil")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputPaths")
    void anInjectionThroughThePathDoesNothing(String path, Consumer<PircBotX> attempt) {
        SafeBot bot = joinedPuppet();

        attempt.accept(bot);

        assertStillOnlyInC(bot);
        bot.quit("done");
    }

    @Test
    void messagesSentThroughTheEdgeBecomeSeparateHarmlessLines() {
        SafeBot bot = joinedPuppet();

        bot.sendMessage(IrcLines.Kind.PRIVMSG, "#c", "hi\r\nJOIN #evil");

        String from = ":" + bot.getNick() + "!";
        assertThat(watcher.await(l -> l.startsWith(from) && l.contains(" PRIVMSG #c :"), WAIT)).endsWith(" :hi");
        assertThat(watcher.await(l -> l.startsWith(from) && l.contains(" PRIVMSG #c :"), WAIT))
                .endsWith(" :JOIN #evil");
        assertThatThrownBy(() -> bot.sendMessage(IrcLines.Kind.PRIVMSG, "#c\r\nJOIN #evil", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertStillOnlyInC(bot);
        bot.quit("done");
    }

    @Test
    void nicksFromMatrixCannotCarryACommand() {
        assertThatThrownBy(() -> bots.puppet("nick\r\nJOIN #evil")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutTheGuardPircBotXJoinsTheChannelTheTextNames() throws InterruptedException {
        // The control: proves that the watcher would see an injection, so the tests above can fail.
        PircBotX bot = TestBots.unguarded(bots, "unguarded");
        bot.sendIRC().message("#c", "hi\r\nJOIN #evil");
        assertThat(watcher.await(l -> l.startsWith(":unguarded!") && l.contains(" JOIN "), WAIT)).contains("#evil");
        bot.sendIRC().quitServer();
    }

    private static SafeBot joinedPuppet() {
        SafeBot bot = TestBots.registered(bots, "puppet" + PUPPETS.incrementAndGet());
        bot.sendIRC().joinChannel("#c");
        watcher.await(l -> l.startsWith(":" + bot.getNick() + "!") && l.contains(" JOIN "), WAIT);
        // The watcher may see the join before the bot's own thread has handled it.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!bot.getUserChannelDao().containsChannel("#c")) {
            assertThat(System.nanoTime()).as("%s knows it is in #c", bot.getNick()).isLessThan(deadline);
            LockSupport.parkNanos(5_000_000);
        }
        return bot;
    }

    /** After a marker message arrives, the puppet is connected and has neither joined #evil nor quit. */
    private static void assertStillOnlyInC(SafeBot bot) {
        String marker = "marker-" + bot.getNick();
        bot.sendIRC().message("#c", marker);
        watcher.await(l -> l.endsWith(" PRIVMSG #c :" + marker), WAIT);
        String from = ":" + bot.getNick() + "!";
        assertThat(watcher.received()).filteredOn(l -> l.startsWith(from))
                .noneMatch(l -> l.contains(" JOIN ") && l.contains("#evil"))
                .noneMatch(l -> l.contains(" QUIT "));
        assertThat(bot.isConnected()).isTrue();
    }

    private static Arguments path(String name, Consumer<PircBotX> attempt) {
        return Arguments.of(name, attempt);
    }
}
