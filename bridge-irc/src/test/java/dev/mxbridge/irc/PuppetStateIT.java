package dev.mxbridge.irc;

import static dev.mxbridge.irc.TestBots.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.irc.IrcLines.Kind;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pircbotx.Channel;
import org.pircbotx.User;
import org.pircbotx.UserChannelDao;

/**
 * A puppet in a busy channel keeps no state about the other members (PircBotX would keep each of them per puppet),
 * yet it talks, hears the channel and notices its own part and kick; the bridge bot keeps full tracking.
 */
class PuppetStateIT {
    private static final int MEMBERS = 30;

    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    @Test
    void aPuppetInABusyChannelHoldsNoMemberStateAndStillWorks() throws Exception {
        IrcBots bots = new IrcBots(IrcNetwork.plain(ircd.host(), ircd.port(), Duration.ZERO));
        List<IrcTestClient> members = new ArrayList<>();
        try (IrcTestClient op = ircd.connect("op")) {
            op.join("#busy"); // first in: channel operator
            for (int i = 0; i < MEMBERS; i++) {
                IrcTestClient member = ircd.connect("member" + i);
                member.join("#busy");
                members.add(member);
            }
            SafeBot bridgeBot = bots.create(bots.configure("bridgebot", "bridgebot", "bridge"));
            bridgeBot.start();
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            SafeBot puppet = bots.puppet("alice[m]");
            puppet.onLine(heard::add);
            puppet.start();
            bridgeBot.registered().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            puppet.registered().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            bridgeBot.sendIRC().joinChannel("#busy");
            puppet.sendIRC().joinChannel("#busy");
            await(heard, l -> l.contains(" 366 ")); // end of NAMES: all members listed
            // the others come, go, rename, quit, talk to the channel and to the puppet
            members.get(0).send("PART #busy :brb");
            members.get(0).join("#busy");
            members.get(1).send("NICK :renamed1");
            members.get(2).close();
            members.get(3).message("alice[m]", "a private word");
            members.get(4).send("PRIVMSG alice[m] :\u0001VERSION\u0001");
            members.get(5).message("#busy", "hello channel");
            await(heard, l -> l.endsWith(" PRIVMSG #busy :hello channel"));
            assertThat(members.get(4).await(l -> l.contains(" NOTICE member4 :\u0001VERSION "), WAIT))
                    .contains(IrcBots.VERSION);

            assertThat(puppet.getUserChannelDao().getAllUsers()).extracting(User::getNick).containsExactly("alice[m]");
            assertThat(puppet.getUserChannelDao().getUsers(puppet.getUserChannelDao().getChannel("#busy")))
                    .extracting(User::getNick).containsExactly("alice[m]");
            // the bridge bot reads on its own connection, so it may still be behind the puppet: wait for the
            // channel as it ends up (the op and the puppet in, member0 back, member1 renamed, member2 gone)
            Set<String> expected = new TreeSet<>(List.of("op", "alice[m]", "bridgebot", "member0", "renamed1"));
            for (int i = 3; i < MEMBERS; i++) {
                expected.add("member" + i);
            }
            UserChannelDao<User, Channel> botView = bridgeBot.getUserChannelDao();
            awaitTrue(() -> nicks(botView.getUsers(botView.getChannel("#busy"))).equals(expected));
            assertThat(nicks(botView.getAllUsers())).containsAll(expected)
                    .doesNotContain("member1", "member2");

            puppet.sendMessage(Kind.PRIVMSG, "#busy", "the puppet speaks");
            assertThat(op.await(l -> l.contains(" PRIVMSG #busy :the puppet"), WAIT))
                    .isEqualTo(":alice[m]!~alicem@127.0.0.1 PRIVMSG #busy :the puppet speaks");

            op.send("KICK #busy alice[m] :out");
            awaitTrue(() -> !puppet.getUserChannelDao().containsChannel("#busy"));
            puppet.sendIRC().joinChannel("#busy");
            awaitTrue(() -> puppet.getUserChannelDao().containsChannel("#busy"));
            puppet.sendRaw().rawLine("PART #busy :bye");
            awaitTrue(() -> !puppet.getUserChannelDao().containsChannel("#busy"));
            assertThat(puppet.getUserChannelDao().getAllUsers()).extracting(User::getNick)
                    .containsOnly("alice[m]");
            assertThat(puppet.isConnected()).isTrue();

            puppet.quit("done");
            bridgeBot.quit("done");
            puppet.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            members.forEach(IrcTestClient::close);
        }
    }

    private static Set<String> nicks(Collection<User> users) {
        return users.stream().map(User::getNick).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String await(LinkedBlockingQueue<String> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such line within " + WAIT);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
