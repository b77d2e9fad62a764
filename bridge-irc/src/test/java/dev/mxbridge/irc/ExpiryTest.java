package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    @Test
    void aDeadlineSetWhileAsleepIsMetWithoutWaitingOutTheIdleInterval() throws Exception {
        AtomicReference<Instant> due = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Expiry expiry = new Expiry(() -> Optional.ofNullable(due.get()), () -> {
            runs.incrementAndGet();
            Instant d = due.get();
            if (d != null && !d.isAfter(Instant.now())) {
                due.set(null);
                ran.countDown();
            }
        }, Duration.ofHours(1));
        expiry.start("expiry-test");
        try {
            due.set(Instant.now().plusMillis(100));
            expiry.wake();
            assertThat(ran.await(5, TimeUnit.SECONDS)).as("the work ran once its deadline was due").isTrue();
            assertThat(runs.get()).as("not a tick: at most a run to look again after the wake, and the one due")
                    .isLessThanOrEqualTo(2);
        } finally {
            expiry.stop();
        }
    }

    @Test
    void theIdleIntervalFollowsTheIdleTimeoutWithinBounds() {
        assertThat(IrcConnector.idleCheck(Duration.ofHours(24))).isEqualTo(Duration.ofSeconds(30));
        assertThat(IrcConnector.idleCheck(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(1));
        assertThat(IrcConnector.idleCheck(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(IrcConnector.idleCheck(Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
    }
}
