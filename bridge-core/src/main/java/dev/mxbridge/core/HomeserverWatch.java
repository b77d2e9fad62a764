package dev.mxbridge.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the homeserver's {@code /_matrix/client/versions} every few seconds and, when it answers again after it did
 * not, runs the given action (the journal's timeline repair: a homeserver that restarted may not resend what it had
 * queued). One small request per interval; a virtual thread that sleeps in between.
 */
final class HomeserverWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverWatch.class);

    private final HttpClient http;
    private final HttpRequest probe;
    private final Duration interval;
    private final Runnable onBack;
    private final Thread thread;
    /** 1 while the last probe was answered, 0 after one was not: the gauge {@code mxbridge_homeserver_up}. */
    private final java.util.concurrent.atomic.AtomicInteger up = new java.util.concurrent.atomic.AtomicInteger(1);

    HomeserverWatch(URI homeserver, Duration interval, Runnable onBack, io.micrometer.core.instrument.MeterRegistry metrics) {
        io.micrometer.core.instrument.Gauge.builder("mxbridge_homeserver_up", up, java.util.concurrent.atomic.AtomicInteger::get)
                .description("1 while the homeserver answers /_matrix/client/versions (checked every few seconds), 0 when not")
                .register(metrics);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.probe = HttpRequest.newBuilder(homeserver.resolve("/_matrix/client/versions")).timeout(Duration.ofSeconds(5))
                .GET().build();
        this.interval = interval;
        this.onBack = onBack;
        this.thread = Thread.ofVirtual().name("homeserver-watch").start(this::run);
    }

    private void run() {
        boolean down = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
                boolean up = answers();
                this.up.set(up ? 1 : 0);
                if (up && down) {
                    LOG.info("the homeserver answers again");
                    onBack.run();
                } else if (!up && !down) {
                    LOG.warn("the homeserver does not answer at {}", probe.uri());
                }
                down = !up;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("homeserver watch: {}", e.toString());
            }
        }
    }

    private boolean answers() throws InterruptedException {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        http.close();
    }
}
