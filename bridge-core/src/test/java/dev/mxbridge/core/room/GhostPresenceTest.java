package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GhostPresenceTest {
    private final List<String> puts = new CopyOnWriteArrayList<>();

    private void awaitPuts(String ghost, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (puts.stream().filter(p -> p.startsWith(ghost + " ")).count() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(puts.stream().filter(p -> p.startsWith(ghost + " ")).count()).as(ghost + "'s presence set").isGreaterThanOrEqualTo(count);
    }

    @Test
    void aPresenceSetFromTheRemoteSideIsSetAgainUntilTheGhostLeaves() throws InterruptedException {
        try (GhostPresence presence = new GhostPresence((user, s) -> puts.add(user + " " + s.presence()
                + s.statusMessage().map(m -> " " + m).orElse("")), Duration.ofMillis(20), 100)) {
            presence.set("@_irc_carol:x", new GhostPresence.State("unavailable", Optional.of("lunch")));
            presence.set("@_irc_dave:x", new GhostPresence.State("online", Optional.empty()));
            awaitPuts("@_irc_carol:x", 3);
            assertThat(puts).contains("@_irc_carol:x unavailable lunch", "@_irc_dave:x online");

            presence.forget("@_irc_carol:x");
            int carolBefore = (int) puts.stream().filter(p -> p.startsWith("@_irc_carol:x ")).count();
            int daveBefore = (int) puts.stream().filter(p -> p.startsWith("@_irc_dave:x ")).count();
            awaitPuts("@_irc_dave:x", daveBefore + 2); // two more rounds: carol would have had hers by now
            assertThat(puts.stream().filter(p -> p.startsWith("@_irc_carol:x ")).count())
                    .as("no refresh after she left").isLessThanOrEqualTo(carolBefore + 1);
        }
    }

    @Test
    void aFailingRefreshDoesNotStopTheOthers() throws InterruptedException {
        try (GhostPresence presence = new GhostPresence((user, s) -> {
            puts.add(user + " " + s.presence());
            if (user.contains("broken") && puts.size() > 2) {
                throw new IllegalStateException("M_UNKNOWN");
            }
        }, Duration.ofMillis(20), 100)) {
            presence.set("@_irc_broken:x", new GhostPresence.State("online", Optional.empty()));
            presence.set("@_irc_fine:x", new GhostPresence.State("online", Optional.empty()));
            awaitPuts("@_irc_fine:x", 4);
        }
    }

    @Test
    void atMostTheLimitOfGhostsIsKept() {
        try (GhostPresence presence = new GhostPresence((user, s) -> puts.add(user), Duration.ofHours(1), 2)) {
            for (int i = 0; i < 50; i++) {
                presence.set("@_irc_g" + i + ":x", new GhostPresence.State("online", Optional.empty()));
            }
            assertThat(puts).hasSize(50);
            assertThat(presence.kept()).hasSizeLessThanOrEqualTo(2);
        }
    }
}
