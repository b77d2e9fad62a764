package dev.mxbridge.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge's Slack HTTP listener: the Events API request URL, {@link AvatarLinks} and the {@link OAuthLogins} pages, on a small HTTP server of
 * the bridge's own (the core's AS server has no hook for a network's routes). A request is answered 200 only after its events are stored (within Slack's 3 s, else 503 and
 * Slack retries; the retry is dropped as known by its {@code event_id}); a bad, old, future or missing signature is
 * 401 and nothing is read. Bodies are never logged.
 */
final class EventsApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventsApiServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 1 << 20;
    private static final long ANSWER_WITHIN_MS = 2_500;

    private final HttpServer server;
    private final SignatureCheck signatures;
    private final Intake intake;

    /** Serves the request URL in {@code events} mode, and avatar links where they are on. */
    EventsApiServer(SlackSettings settings, Intake intake, AvatarLinks avatars, OAuthLogins logins, Clock clock)
            throws IOException {
        this.signatures = new SignatureCheck(settings.signingSecret(), clock);
        this.intake = intake;
        this.server = HttpServer.create(new InetSocketAddress(settings.eventsBind(), settings.eventsPort()), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        if (settings.mode() == SlackSettings.Mode.EVENTS) {
            server.createContext(settings.eventsPath(), this::handle);
        }
        if (avatars.enabled()) {
            server.createContext(AvatarLinks.PATH, avatars::serve);
        }
        if (logins.enabled()) {
            server.createContext(OAuthLogins.LOGIN_PATH, logins::loginPage);
            server.createContext(OAuthLogins.CALLBACK_PATH, logins::callback);
        }
    }

    void start() {
        server.start();
        LOG.info("Events API request URL listening on {}", server.getAddress());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                answer(exchange, 413, "");
                return;
            }
            Optional<String> problem = signatures.problem(exchange.getRequestHeaders().getFirst("X-Slack-Request-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Slack-Signature"), body);
            if (problem.isPresent()) {
                LOG.warn("Events API request from {} refused: {}", exchange.getRemoteAddress().getAddress(), problem.get());
                answer(exchange, 401, "");
                return;
            }
            JsonNode payload = JSON.readTree(body);
            if (payload.path("type").asString("").equals("url_verification")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                answer(exchange, 200, payload.path("challenge").asString(""));
                return;
            }
            intake.accept(payload).get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
            answer(exchange, 200, "");
        } catch (TimeoutException e) {
            answer(exchange, 503, "");
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("Events API request not stored (Slack retries it): {}", e.toString());
            answer(exchange, 500, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
