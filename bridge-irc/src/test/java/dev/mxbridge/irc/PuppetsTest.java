package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Puppets per Matrix user: idle disconnect on an injected clock, quit and wake, the connection limit, privacy. */
class PuppetsTest {
    private static final String ALICE = "@alice:example.org";
    private static final String BOB = "@bob:example.org";
    private static final IrcConnection.Nicks NO_NICKS = new IrcConnection.Nicks() {
        @Override
        public void taken(String nick) {
        }

        @Override
        public void released(String nick) {
        }
    };

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final List<String> opened = new ArrayList<>();

    /** Connections that are never started: what the puppets ask of them is what they want, not what a server did. */
    private Puppets puppets(int max, Duration idle) {
        return new Puppets((user, nick) -> {
            opened.add(user + " " + nick);
            return new IrcConnection(nick, 30, n -> {
                throw new AssertionError("not started in this test");
            }, new Pacer(Duration.ZERO), NO_NICKS, line -> { });
        }, (user, name) -> name + "[m]", max, idle, () -> now);
    }

    private void later(Duration d) {
        now = now.plus(d);
    }

    @Test
    void aPuppetWithoutMatrixActivityForTheIdleTimeoutQuitsAndItsNextMessageBringsItBackIntoItsChannels() {
        Puppets puppets = puppets(10, Duration.ofHours(24));
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        puppets.joined(ALICE, "Alice", Optional.of("#b"));
        later(Duration.ofHours(23));
        assertThat(puppets.expireIdle()).isEmpty();
        assertThat(puppets.active(ALICE)).as("a message counts as activity").isPresent();
        later(Duration.ofHours(24).minusSeconds(1));
        assertThat(puppets.expireIdle()).isEmpty();
        later(Duration.ofSeconds(1));
        assertThat(puppets.expireIdle()).containsExactly(ALICE);
        assertThat(puppets.connection(ALICE)).isEmpty();
        assertThat(puppets.channels(ALICE)).containsExactly("#a", "#b");
        assertThat(puppets.expireIdle()).as("quits once").isEmpty();

        IrcConnection back = puppets.active(ALICE).orElseThrow();
        assertThat(back.channels()).containsExactly("#a", "#b");
        assertThat(opened).containsExactly(ALICE + " Alice[m]", ALICE + " Alice[m]");
    }

    @Test
    void aJoinCountsAsActivityAndOnlyTheIdleUserQuits() {
        Puppets puppets = puppets(10, Duration.ofHours(1));
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        puppets.joined(BOB, "Bob", Optional.of("#a"));
        later(Duration.ofMinutes(50));
        puppets.joined(BOB, "Bob", Optional.of("#b"));
        later(Duration.ofMinutes(10));
        assertThat(puppets.expireIdle()).containsExactly(ALICE);
        assertThat(puppets.connection(BOB)).isPresent();
    }

    @Test
    void aCommandCountsAsActivityWithoutConnectingAnything() {
        Puppets puppets = puppets(10, Duration.ofHours(1));
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        later(Duration.ofMinutes(50));
        puppets.touched(ALICE);
        puppets.touched(BOB); // not known: nothing happens
        later(Duration.ofMinutes(50));
        assertThat(puppets.expireIdle()).isEmpty();
        later(Duration.ofMinutes(10));
        assertThat(puppets.expireIdle()).containsExactly(ALICE);
        puppets.touched(ALICE);
        assertThat(puppets.connection(ALICE)).as("still quit").isEmpty();
        assertThat(puppets.knows(BOB)).isFalse();
    }

    @Test
    void aZeroIdleTimeoutKeepsPuppetsConnected() {
        Puppets puppets = puppets(10, Duration.ZERO);
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        later(Duration.ofDays(365));
        assertThat(puppets.expireIdle()).isEmpty();
        assertThat(puppets.connection(ALICE)).isPresent();
    }

    @Test
    void aQuitPuppetComesBackUnderTheNickTheUserChose() {
        Puppets puppets = puppets(10, Duration.ofHours(24));
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        puppets.chose(ALICE, "Ally");
        assertThat(puppets.quit(ALICE, "quit")).isTrue();
        assertThat(puppets.quit(ALICE, "quit")).as("not connected any more").isFalse();
        assertThat(puppets.knows(ALICE)).isTrue();
        puppets.joined(ALICE, "Alice", Optional.of("#b"));
        assertThat(opened).containsExactly(ALICE + " Alice[m]", ALICE + " Ally");
        assertThat(puppets.connection(ALICE).orElseThrow().channels()).containsExactly("#a", "#b");
    }

    @Test
    void leavingTheLastPortalForgetsTheUser() {
        Puppets puppets = puppets(10, Duration.ofHours(24));
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        puppets.joined(ALICE, "Alice", Optional.of("#b"));
        puppets.left(ALICE, "#a");
        assertThat(puppets.members("#a")).isEmpty();
        assertThat(puppets.members("#b")).containsEntry(ALICE, "Alice");
        puppets.left(ALICE, "#b");
        assertThat(puppets.knows(ALICE)).isFalse();
        assertThat(puppets.active(ALICE)).isEmpty();
    }

    @Test
    void usersBeyondTheLimitHaveNoConnectionButStillCountAsMembers() {
        Puppets puppets = puppets(1, Duration.ofHours(24));
        assertThat(puppets.joined(ALICE, "Alice", Optional.of("#a"))).isPresent();
        assertThat(puppets.joined(BOB, "Bob", Optional.of("#a"))).isEmpty();
        assertThat(puppets.active(BOB)).isEmpty();
        assertThat(puppets.members("#a")).containsOnlyKeys(ALICE, BOB);
        puppets.quit(ALICE, "quit");
        assertThat(puppets.active(BOB)).as("a connection came free").isPresent();
    }

    @Test
    void aChannelIsBridgedOnlyWhileEveryMemberIsInIt() {
        Puppets puppets = puppets(10, Duration.ofHours(24));
        assertThat(puppets.allIn("#a", nick -> true)).as("no Matrix members: nobody to protect").isTrue();
        puppets.joined(ALICE, "Alice", Optional.of("#a"));
        assertThat(puppets.allIn("#a", nick -> true)).as("connecting: no nick yet").isFalse();
        assertThat(puppets.allIn("#other", nick -> true)).isTrue();
        puppets.quit(ALICE, "quit");
        assertThat(puppets.allIn("#a", nick -> true)).isFalse();
    }
}
