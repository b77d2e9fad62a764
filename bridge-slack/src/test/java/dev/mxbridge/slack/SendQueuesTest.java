package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendQueuesTest {
    private final SendQueues queues = new SendQueues(2, Duration.ofSeconds(3));

    @Test
    void aChannelWithAFullQueueRefusesTheNextMessageAndOthersStillSend() throws Exception {
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> queues.send("C1", () -> {
            posting.countDown();
            await(release);
            return sent.add("first");
        }));
        assertThat(posting.await(10, TimeUnit.SECONDS)).isTrue();
        Thread second = Thread.ofVirtual().start(() -> queues.send("C1", () -> sent.add("second")));
        Thread third = Thread.ofVirtual().start(() -> queues.send("C1", () -> sent.add("third")));
        awaitWaiting(second);
        awaitWaiting(third);

        assertThatThrownBy(() -> queues.send("C1", () -> sent.add("fourth")))
                .isInstanceOf(dev.mxbridge.core.handler.PermanentFailure.class)
                .hasMessage("too many messages are waiting for this Slack channel (2); this one was not sent, try again in a moment");
        assertThat(queues.send("C2", () -> sent.add("elsewhere"))).isTrue();

        release.countDown();
        for (Thread t : List.of(first, second, third)) {
            t.join(10_000);
        }
        assertThat(sent).containsExactlyInAnyOrder("first", "second", "third", "elsewhere").doesNotContain("fourth");
        assertThat(sent.indexOf("first")).isLessThan(sent.indexOf("second"));
    }

    @Test
    void aRateLimitIsWaitedOutAndALongerOneFailsTheCall() {
        int[] attempts = {0};
        assertThat(queues.send("C1", () -> {
            if (attempts[0]++ == 0) {
                throw new SlackWeb.RateLimited("chat.postMessage", Duration.ZERO);
            }
            return "posted";
        })).isEqualTo("posted");
        assertThat(attempts[0]).isEqualTo(2);

        assertThatThrownBy(() -> queues.send("C1", () -> {
            throw new SlackWeb.RateLimited("chat.postMessage", Duration.ofSeconds(30));
        })).isInstanceOf(dev.mxbridge.core.handler.PermanentFailure.class).hasMessageContaining("wait 30 s");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until the thread waits for the channel's lock (its state says so). */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }
}
