package dev.mxbridge.irc;

import static dev.mxbridge.irc.TestBots.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.irc.IrcLines.Kind;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pircbotx.PircBotX;

/** Long messages reach the channel whole, split where they must be, and never cost the sender its connection. */
class LongLinesIT {
    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    private static IrcTestClient watcher;
    private static IrcBots bots;

    @BeforeAll
    static void watch() {
        watcher = ircd.connect("watcher");
        watcher.join("#long");
        bots = new IrcBots(IrcNetwork.plain(ircd.host(), ircd.port(), Duration.ZERO));
    }

    @AfterAll
    static void leave() {
        watcher.close();
    }

    @Test
    void aPuppetLearnsItsPrefixFromItsOwnJoin() {
        SafeBot bot = joined("prefixbot");
        assertThat(bot.userAtHost()).contains("~prefixbot@127.0.0.1");
        // ":prefixbot!~prefixbot@127.0.0.1 "
        assertThat(bot.sourcePrefixBytes()).isEqualTo(32);
        bot.quit("done");
    }

    @Test
    void fourHundredAccentedLettersArriveWholeInTwoMessages() {
        SafeBot bot = joined("accents");
        String text = "é".repeat(400);

        List<String> parts = bot.sendMessage(Kind.PRIVMSG, "#long", text);

        assertThat(parts).hasSize(2);
        List<String> received = awaitMessages(bot, " PRIVMSG #long :", 2);
        assertThat(String.join("", received)).isEqualTo(text);
        assertStillConnected(bot);
    }

    @Test
    void aMessageThatFillsTheBudgetArrivesAsOneFull512ByteLine() {
        SafeBot bot = joined("fullline");
        int budget = IrcLines.payloadBytes(Kind.PRIVMSG, "#long", bot.sourcePrefixBytes());
        String text = "x".repeat(budget);

        assertThat(bot.sendMessage(Kind.PRIVMSG, "#long", text)).hasSize(1);

        String line = watcher.await(from(bot, " PRIVMSG #long :"), WAIT);
        assertThat(line).endsWith(" :" + text).doesNotContain("[CUT]");
        assertThat((line + "\r\n").getBytes(StandardCharsets.UTF_8)).hasSize(512);
        assertStillConnected(bot);
    }

    @Test
    void longActionsAndNoticesKeepTheirFraming() {
        SafeBot bot = joined("framing");
        String text = "ü".repeat(300) + " " + "ß".repeat(300);

        int actionParts = bot.sendMessage(Kind.ACTION, "#long", text).size();
        int noticeParts = bot.sendMessage(Kind.NOTICE, "#long", text).size();

        // 1,201 bytes: more than two lines each, cut inside the letter runs and at the space
        assertThat(actionParts).isGreaterThan(2);
        List<String> actions = awaitMessages(bot, " PRIVMSG #long :", actionParts);
        assertThat(actions).allSatisfy(a -> assertThat(a).startsWith("\u0001ACTION ").endsWith("\u0001"));
        assertThat(String.join("", actions.stream().map(a -> a.substring(8, a.length() - 1)).toList()))
                .isEqualTo(text.replace(" ", ""));
        assertThat(String.join("", awaitMessages(bot, " NOTICE #long :", noticeParts)))
                .isEqualTo(text.replace(" ", ""));
        assertStillConnected(bot);
    }

    @Test
    void withoutOurSplittingTheServerDisconnectsTheSender() throws InterruptedException {
        // The control: PircBotX counts 412 characters, sends 812 bytes, and ngIRCd drops the connection.
        PircBotX bot = TestBots.unguarded(bots, "unsplit");
        bot.sendIRC().joinChannel("#long");
        watcher.await(l -> l.startsWith(":unsplit!") && l.contains(" JOIN "), WAIT);
        bot.sendIRC().message("#long", "é".repeat(400));
        assertThat(watcher.await(l -> l.startsWith(":unsplit!") && l.contains(" QUIT "), WAIT))
                .endsWith(":Request too long");
    }

    private static SafeBot joined(String nick) {
        SafeBot bot = TestBots.registered(bots, nick);
        bot.sendIRC().joinChannel("#long");
        watcher.await(from(bot, " JOIN "), WAIT);
        return bot;
    }

    private static List<String> awaitMessages(SafeBot bot, String command, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = watcher.await(from(bot, command), WAIT);
            assertThat(line).doesNotContain("[CUT]");
            texts.add(line.substring(line.indexOf(command) + command.length()));
        }
        return texts;
    }

    private static void assertStillConnected(SafeBot bot) {
        bot.sendIRC().message("#long", "still here");
        watcher.await(from(bot, " PRIVMSG #long :still here"), WAIT);
        assertThat(bot.isConnected()).isTrue();
        bot.quit("done");
    }

    private static Predicate<String> from(SafeBot bot, String fragment) {
        return l -> l.startsWith(":" + bot.getNick() + "!") && l.contains(fragment);
    }
}
