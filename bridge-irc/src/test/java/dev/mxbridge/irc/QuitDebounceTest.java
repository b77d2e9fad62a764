package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuitDebounceTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final QuitDebounce debounce = new QuitDebounce(Duration.ofSeconds(30), clock);

    @ParameterizedTest
    @ValueSource(strings = {"irc.hub.net irc.leaf.net", "*.net *.split", "\"irc.a.org irc.b.org\"", "a.b c.d"})
    void twoServerNamesLookLikeASplit(String reason) {
        assertThat(QuitDebounce.isSplit(reason)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bye", "Quit: see you", "irc.a.net", "irc.a.net irc.a.net", "one.two three", "a.b c.d e.f",
            "Ping timeout: 240 seconds"})
    void otherReasonsDoNot(String reason) {
        assertThat(QuitDebounce.isSplit(reason)).isFalse();
    }

    @Test
    void anOrdinaryQuitIsNotHeld() {
        assertThat(debounce.quit("bob", Set.of("#a"), "bye")).isFalse();
        assertThat(debounce.holds("bob")).isFalse();
    }

    @Test
    void aSplitQuitIsHeldAndCancelledByTheRejoin() {
        assertThat(debounce.quit("Bob", Set.of("#a", "#b"), "*.net *.split")).isTrue();
        assertThat(debounce.rejoined("bob", "#a")).as("nicks compare case-insensitively").isTrue();
        assertThat(debounce.rejoined("bob", "#a")).as("only once per channel").isFalse();
        now = now.plusSeconds(31);
        assertThat(debounce.expire()).as("#b was not rejoined").singleElement()
                .isEqualTo(new QuitDebounce.Leave("Bob", Set.of("#b"), "*.net *.split"));
        assertThat(debounce.holds("bob")).isFalse();
    }

    @Test
    void heldLeavesAreReleasedOnlyWhenDue() {
        debounce.quit("bob", Set.of("#a"), "*.net *.split");
        now = now.plusSeconds(29);
        assertThat(debounce.expire()).isEmpty();
        now = now.plusSeconds(1);
        assertThat(debounce.expire()).hasSize(1);
        assertThat(debounce.expire()).isEmpty();
    }

    @Test
    void rejoiningEveryChannelEndsTheHold() {
        debounce.quit("bob", Set.of("#a"), "*.net *.split");
        debounce.rejoined("bob", "#a");
        now = now.plusSeconds(60);
        assertThat(debounce.expire()).isEmpty();
    }

    @Test
    void aZeroDelayHoldsNothing() {
        assertThat(new QuitDebounce(Duration.ZERO, clock).quit("bob", Set.of("#a"), "*.net *.split")).isFalse();
    }

    @Test
    void theNextDeadlineIsTheEarliestHeldLeave() {
        assertThat(debounce.nextDue()).isEmpty();
        debounce.quit("bob", new java.util.HashSet<>(java.util.Set.of("#a")), "irc.a.net irc.b.net");
        now = now.plusSeconds(10);
        debounce.quit("carol", new java.util.HashSet<>(java.util.Set.of("#a")), "irc.a.net irc.b.net");
        assertThat(debounce.nextDue()).contains(Instant.parse("2025-01-01T00:00:30Z"));
        now = now.plusSeconds(20);
        assertThat(debounce.expire()).extracting(QuitDebounce.Leave::nick).containsExactly("bob");
        assertThat(debounce.nextDue()).contains(Instant.parse("2025-01-01T00:00:40Z"));
    }
}
