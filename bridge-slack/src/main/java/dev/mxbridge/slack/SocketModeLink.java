package dev.mxbridge.slack;

import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.response.AckResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Socket Mode through the SDK's client on its Java-WebSocket backend. Each {@code events_api} envelope goes to the
 * {@link Intake} and is acknowledged only once its events are stored: an envelope lost with a dropped socket, or not
 * acknowledged because the bridge died first, is sent again by Slack and dropped by the store as known.
 *
 * <p>Messages are processed one at a time as they arrive ({@link InOrderQueue}), which keeps Slack's order (the
 * SDK's default of ten polling processors reorders). The SDK's own reconnecting is
 * off; a supervisor thread of ours reconnects on a dropped socket, a failed ping or a failed connect, waiting from
 * {@code reconnect_min} doubling up to {@code reconnect_max} between attempts. Slack's {@code disconnect} messages
 * (refresh, warning) make the SDK open a new connection at once.
 */
final class SocketModeLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketModeLink.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CHECK = Duration.ofSeconds(5);
    private static final Duration HELLO_WAIT = Duration.ofSeconds(10);

    private final SlackWeb web;
    private final String appToken;
    private final Intake intake;
    private final SlackSettings settings;
    private final AtomicLong hellos = new AtomicLong();
    private final InOrderQueue queue = new InOrderQueue();
    private final Object signal = new Object();
    private volatile boolean running = true;
    private SocketModeClient client;
    private Thread supervisor;

    private final TokenWatch watch;

    SocketModeLink(SlackWeb web, SlackSettings settings, Intake intake, TokenWatch watch) {
        this.web = web;
        this.watch = watch;
        this.appToken = settings.appToken();
        this.settings = settings;
        this.intake = intake;
    }

    /** Connects; throws if Slack refuses the app token (a wrong token is better found at start than retried forever). */
    void start() throws Exception {
        String url = web.slack().issueSocketModeUrl(appToken);
        client = new SocketModeClientJavaWSImpl(web.slack(), appToken, url, 1, queue, false, false, CHECK.toMillis());
        SocketModeClient processing = client;
        queue.processor(processing::processMessage);
        client.addWebSocketMessageListener(message -> {
            if (message.contains("\"type\":\"hello\"")) {
                hellos.incrementAndGet();
            }
        });
        client.addWebSocketCloseListener((code, reason) -> wake());
        client.addWebSocketErrorListener(error -> wake());
        client.addEventsApiEnvelopeListener(envelope -> {
            String envelopeId = envelope.getEnvelopeId();
            JsonNode payload = JSON.readTree(envelope.getPayload().toString());
            intake.accept(payload).whenComplete((stored, failure) -> {
                if (failure != null) {
                    LOG.warn("Slack event {} not stored, so not acknowledged (Slack sends it again): {}",
                            payload.path("event_id").asString(""), failure.toString());
                    return;
                }
                try {
                    client.sendSocketModeResponse(new AckResponse(envelopeId));
                } catch (RuntimeException e) {
                    LOG.info("acknowledgement of a stored event lost with its socket (its redelivery is dropped): {}", e.toString());
                }
            });
        });
        long before = hellos.get();
        client.connect();
        if (!awaitHello(before)) {
            LOG.warn("Socket Mode sent no hello within {}; the supervisor keeps trying", HELLO_WAIT);
        }
        supervisor = Thread.ofVirtual().name("slack-socket-mode").start(this::supervise);
    }

    private void supervise() {
        int failures = 0;
        while (running) {
            try {
                synchronized (signal) {
                    signal.wait(CHECK.toMillis());
                }
                if (!running) {
                    return;
                }
                Thread.sleep(500); // a disconnect message's new socket may still be opening
                if (client.verifyConnection()) {
                    failures = 0;
                    continue;
                }
                while (running) {
                    LOG.info("Socket Mode connection lost; reconnecting (attempt {})", failures + 1);
                    try {
                        long before = hellos.get();
                        client.connectToNewEndpoint();
                        if (awaitHello(before)) {
                            LOG.info("Socket Mode connected again");
                            failures = 0;
                            break;
                        }
                    } catch (Exception e) {
                        LOG.warn("Socket Mode reconnect failed: {}", e.toString());
                        TokenWatch.DEAD.stream().filter(String.valueOf(e.getMessage())::contains).findFirst().ifPresent(error ->
                                watch.refused(Optional.empty(), "apps.connections.open (the app-level token)", error, Optional.empty()));
                    }
                    Thread.sleep(backoff(failures++).toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Duration backoff(int failures) {
        long min = settings.reconnectMin().toMillis();
        long wait = Math.min(settings.reconnectMax().toMillis(), min << Math.min(failures, 20));
        return Duration.ofMillis(wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
    }

    private boolean awaitHello(long before) throws InterruptedException {
        long deadline = System.nanoTime() + HELLO_WAIT.toNanos();
        while (hellos.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return hellos.get() != before;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.debug("closing Socket Mode: {}", e.toString());
            }
        }
        queue.close();
    }
}
