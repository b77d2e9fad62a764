package dev.mxbridge.irc;

import static dev.mxbridge.irc.TestBots.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.irc.IrcLines.Kind;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fifty puppets on virtual threads share a channel, talk and leave cleanly. */
class ManyPuppetsIT {
    private static final int PUPPETS = 50;
    // ngIRCd listens with a small backlog: unpaced connects get resets.
    private static final Duration PACE = Duration.ofMillis(5);

    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    @Test
    void fiftyPuppetsConnectJoinTalkAndQuit() throws Exception {
        IrcBots bots = new IrcBots(IrcNetwork.plain(ircd.host(), ircd.port(), Duration.ofMillis(10)));
        try (IrcTestClient watcher = ircd.connect("watcher")) {
            watcher.join("#crowd");
            List<SafeBot> puppets = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < PUPPETS; i++) {
                SafeBot bot = bots.puppet("puppet" + i);
                threads.add(bot.start());
                puppets.add(bot);
                Thread.sleep(PACE);
            }
            CompletableFuture.allOf(puppets.stream().map(SafeBot::registered).toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long registeredMillis = (System.nanoTime() - started) / 1_000_000;
            puppets.forEach(bot -> bot.sendIRC().joinChannel("#crowd"));
            for (SafeBot bot : puppets) {
                watcher.await(l -> l.startsWith(":" + bot.getNick() + "!") && l.contains(" JOIN "), WAIT);
            }

            puppets.get(7).sendMessage(Kind.PRIVMSG, "#crowd", "hello from the crowd");
            assertThat(watcher.await(l -> l.contains(" PRIVMSG #crowd :"), WAIT))
                    .isEqualTo(":puppet7!~puppet7@127.0.0.1 PRIVMSG #crowd :hello from the crowd");

            assertThat(threads).allMatch(Thread::isVirtual);
            puppets.forEach(bot -> bot.quit("bye"));
            CompletableFuture.allOf(puppets.stream().map(SafeBot::finished).toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (SafeBot bot : puppets) {
                // ngIRCd quotes the reason: QUIT :"bye"
                watcher.await(l -> l.startsWith(":" + bot.getNick() + "!") && l.contains(" QUIT :"), WAIT);
            }
            for (Thread thread : threads) {
                assertThat(thread.join(WAIT)).isTrue();
            }
            assertThat(puppets).noneMatch(SafeBot::isConnected);
            System.err.printf("%d puppets registered in %d ms, paced %d ms apart%n", PUPPETS, registeredMillis,
                    PACE.toMillis());
        }
    }
}
