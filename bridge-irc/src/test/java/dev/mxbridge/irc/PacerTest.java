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
}
