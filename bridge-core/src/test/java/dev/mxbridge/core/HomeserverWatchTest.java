package dev.mxbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HomeserverWatchTest {

    @Test
    void theRepairRunsOnceWhenTheHomeserverAnswersAgainAndTheGaugeFollows() throws Exception {
        // the homeserver's answers, one per probe, then always up; each probe notes what the gauge read before it
        BlockingQueue<Boolean> script = new LinkedBlockingQueue<>(List.of(true, false, false, true, true));
        BlockingQueue<Double> gaugeBefore = new LinkedBlockingQueue<>();
        AtomicInteger repairs = new AtomicInteger();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        List<Double> seen = new ArrayList<>();
        try (HomeserverWatch watch = new HomeserverWatch(() -> {
            gaugeBefore.add(metrics.get("mxbridge_homeserver_up").gauge().value());
            Boolean next = script.poll();
            return next == null || next;
        }, "http://hs.test", Duration.ofMillis(10), repairs::incrementAndGet, metrics)) {
            for (int probe = 0; probe < 7; probe++) { // the watch's one thread: earlier repairs ran before probe 7
                seen.add(gaugeBefore.poll(5, TimeUnit.SECONDS));
            }
        }
        assertThat(seen).containsExactly(1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0);
        assertThat(repairs).hasValue(1);
    }

    @Test
    void theGaugeReadsZeroWhileTheHomeserverDoesNotAnswer() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        BlockingQueue<Double> gaugeBefore = new LinkedBlockingQueue<>();
        try (HomeserverWatch watch = new HomeserverWatch(() -> {
            gaugeBefore.add(metrics.get("mxbridge_homeserver_up").gauge().value());
            return false;
        }, "http://hs.test", Duration.ofMillis(10), () -> { }, metrics)) {
            assertThat(gaugeBefore.poll(5, TimeUnit.SECONDS)).isEqualTo(1.0); // before the first probe
            assertThat(gaugeBefore.poll(5, TimeUnit.SECONDS)).isEqualTo(0.0); // after it
        }
    }
}
