package dev.mxbridge.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks whether the homeserver answers every few seconds ({@code MatrixClient.answers()}: one
 * {@code GET /_matrix/client/versions} over the bridge's own client connections) and, when it answers again after it
 * did not, runs the given action (the journal's timeline repair: a homeserver that restarted may not resend what it
 * had queued). A virtual thread that sleeps in between; no HTTP client, selector or pool of its own.
 */
final class HomeserverWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverWatch.class);

    private final BooleanSupplier answers;
    private final String where;
    private final Duration interval;
    private final Runnable onBack;
    private final Thread thread;
    /** 1 while the last probe was answered, 0 after one was not: the gauge {@code mxbridge_homeserver_up}. */
    private final AtomicInteger up = new AtomicInteger(1);

    /**
     * @param answers whether the homeserver answers now; called from the watch's thread only
     * @param where the homeserver, as the warning names it
     */
    HomeserverWatch(BooleanSupplier answers, String where, Duration interval, Runnable onBack, MeterRegistry metrics) {
        Gauge.builder("mxbridge_homeserver_up", up, AtomicInteger::get)
                .description("1 while the homeserver answers /_matrix/client/versions (checked every few seconds), 0 when not")
                .strongReference(true)
                .register(metrics);
        this.answers = answers;
        this.where = where;
        this.interval = interval;
        this.onBack = onBack;
        this.thread = Thread.ofVirtual().name("homeserver-watch").start(this::run);
    }

    private void run() {
        boolean down = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
                boolean up = answers.getAsBoolean();
                this.up.set(up ? 1 : 0);
                if (up && down) {
                    LOG.info("the homeserver answers again");
                    onBack.run();
                } else if (!up && !down) {
                    LOG.warn("the homeserver does not answer at {}", where);
                }
                down = !up;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("homeserver watch: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
