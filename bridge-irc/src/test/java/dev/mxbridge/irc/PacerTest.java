package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void connectsAreSpacedByTheInterval() throws InterruptedException {
        Pacer pacer = new Pacer(Duration.ofMillis(50));
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            pacer.await();
            pacer.done();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aConnectWaitsWhileTheMostAllowedAwaitTheServersAnswer() throws InterruptedException {
        Pacer pacer = new Pacer(Duration.ZERO, 2);
        pacer.await();
        pacer.await();
        CountDownLatch third = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                pacer.await();
                third.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(third.await(200, TimeUnit.MILLISECONDS)).isFalse();

        pacer.done();

        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSleeperWakesWhenAnotherConnectionIsWelcomed() throws InterruptedException {
        Pacer pacer = new Pacer(Duration.ZERO);
        long seen = pacer.welcomes();
        CountDownLatch woken = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                if (pacer.sleep(Duration.ofMinutes(2), seen)) {
                    woken.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(woken.await(200, TimeUnit.MILLISECONDS)).isFalse();

        pacer.welcomed();

        assertThat(woken.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWelcomeDuringTheFailedAttemptEndsTheSleepAtOnce() throws InterruptedException {
        Pacer pacer = new Pacer(Duration.ZERO);
        long seen = pacer.welcomes();
        pacer.welcomed();
        assertThat(pacer.sleep(Duration.ofMinutes(2), seen)).isTrue();
    }

    @Test
    void withoutAWelcomeTheSleepLastsItsDuration() throws InterruptedException {
        Pacer pacer = new Pacer(Duration.ZERO);
        long start = System.nanoTime();
        assertThat(pacer.sleep(Duration.ofMillis(100), pacer.welcomes())).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void oneConnectionAtATimeProbesUntilItGivesTheRoleUp() {
        Pacer pacer = new Pacer(Duration.ZERO);
        Object bot = new Object();
        Object puppet = new Object();

        assertThat(pacer.probing(bot)).as("the first to ask").isTrue();
        assertThat(pacer.probing(bot)).as("keeps it").isTrue();
        assertThat(pacer.probing(puppet)).isFalse();
        pacer.notProbing(puppet); // not the prober: changes nothing
        assertThat(pacer.probing(puppet)).isFalse();
        pacer.notProbing(bot);
        assertThat(pacer.probing(puppet)).as("the next to ask once the bot is welcomed").isTrue();
    }
}
