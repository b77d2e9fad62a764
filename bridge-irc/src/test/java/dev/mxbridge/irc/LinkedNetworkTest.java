package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.network.RemoteEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkedNetworkTest {
    private final List<RemoteEvent> pushed = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");
    private final LinkedNetwork network = new LinkedNetwork(channel -> channel.equals("#a"), pushed::add, "t",
            nick -> nick.equals("Olga[m]"), Duration.ofSeconds(30), () -> now);

    private void lines(String... raw) {
        for (String line : raw) {
            network.line(IrcLine.parse(line).orElseThrow());
        }
    }

    private List<String> seen() {
        return pushed.stream().map(e -> switch (e) {
            case RemoteEvent.Membership m -> m.change() + " " + m.target().value();
            case RemoteEvent.Message m -> "MESSAGE " + m.sender().value() + " " + m.content().plainText();
            case RemoteEvent.RoomInfo r -> "TOPIC " + r.topic().orElse("");
            case RemoteEvent.PowerLevels p -> {
                java.util.Map<String, Integer> levels = new java.util.TreeMap<>();
                p.levels().forEach((user, level) -> levels.put(user.value(), level));
                yield "LEVELS " + levels;
            }
            default -> e.getClass().getSimpleName();
        }).toList();
    }

    @Test
    void theBurstBecomesGhostsOfBridgedChannelsOnly() {
        network.linked("irc.test");
        lines(":irc.test NICK ivan 1 ~i 127.0.0.1 1 + :Ivan", ":irc.test NICK ivy 1 ~i 127.0.0.1 1 + :Ivy",
                ":irc.test CHANINFO #a + :the topic", ":irc.test NJOIN #a :@ivan,+ivy", ":irc.test NJOIN #b :ivan");
        network.burstEnded();
        lines(":ivan PRIVMSG #a :hello", ":ivan PRIVMSG #b :elsewhere", ":ivan NICK ivan2", ":ivy PART #a :bye");

        assertThat(seen()).containsExactly("TOPIC the topic", "JOIN ivan", "JOIN ivy", "LEVELS {ivan=50, ivy=1}",
                "MESSAGE ivan hello", "LEAVE ivan", "JOIN ivan2", "LEAVE ivy");
        assertThat(network.nickInUse("IVAN2")).isTrue();
        assertThat(network.topic("#a")).contains("the topic");
    }

    @Test
    void aReLinkJoinsNobodyTwiceAndWhoeverLeftMeanwhileLeavesAtTheEndOfTheBurst() {
        network.linked("irc.test");
        lines(":irc.test NICK ivan 1 ~i h 1 + :I", ":irc.test NICK ivy 1 ~i h 1 + :I", ":irc.test NJOIN #a :ivan,ivy");
        network.burstEnded();
        pushed.clear();

        network.linked("irc.test");
        lines(":irc.test NICK ivan 1 ~i h 1 + :I", ":irc.test NJOIN #a :ivan");
        assertThat(seen()).isEmpty();
        network.burstEnded();

        assertThat(seen()).containsExactly("LEAVE ivy");
        assertThat(network.nickInUse("ivy")).isFalse();
    }

    @Test
    void aSquitTakesTheServersUsersWithItAfterTheDebounce() {
        network.linked("irc.test");
        lines(":irc.test SERVER leaf.test 2 7 :leaf", ":leaf.test NICK lea 2 ~l h 7 + :Lea",
                ":irc.test NICK ivan 1 ~i h 1 + :I", ":irc.test NJOIN #a :lea,ivan");
        network.burstEnded();
        pushed.clear();
        lines(":irc.test SQUIT leaf.test :gone");
        assertThat(network.members("#a")).containsExactly("ivan");
        now = now.plusSeconds(29);
        network.expireHeld();
        assertThat(seen()).isEmpty();
        now = now.plusSeconds(1);
        network.expireHeld();
        assertThat(seen()).containsExactly("LEAVE lea");
    }

    @Test
    void aNetjoinWithinTheDebounceShowsMatrixNothing() {
        network.linked("irc.test");
        lines(":irc.test SERVER leaf.test 2 7 :leaf", ":leaf.test NICK lea 2 ~l h 7 + :Lea",
                ":irc.test NJOIN #a :lea");
        network.burstEnded();
        pushed.clear();
        lines(":irc.test SQUIT leaf.test :gone", ":irc.test SERVER leaf.test 2 8 :leaf",
                ":leaf.test NICK lea 2 ~l h 8 + :Lea", ":leaf.test NJOIN #a :lea");
        now = now.plusSeconds(60);
        network.expireHeld();
        assertThat(seen()).isEmpty();
        assertThat(network.members("#a")).containsExactly("lea");
    }

    @Test
    void ranksOfNetworkUsersBecomePowerLevelsButOurOwnUsersRanksDoNot() {
        network.linked("irc.test");
        lines(":irc.test NICK ivan 1 ~i h 1 + :I");
        network.burstEnded();
        lines(":ivan JOIN #a\u0007o", ":ivan MODE #a +vo-o Olga[m] ivan ivan", ":ivan MODE #a +b *!*@x");
        assertThat(seen()).containsExactly("JOIN ivan", "LEVELS {ivan=50}", "LEVELS {ivan=0}");
    }
}
