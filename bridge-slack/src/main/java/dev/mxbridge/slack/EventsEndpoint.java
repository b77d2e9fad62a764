package dev.mxbridge.slack;

import dev.mxbridge.core.web.RefusalLog;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Events API request URL, {@code POST /_mxbridge/slack/events} on the bridge's listener. A request is answered
 * 200 only after its events are stored (within Slack's 3 s, else 503 and Slack retries; the retry is dropped as known
 * by its {@code event_id}); a bad, old, future or missing signature is 401 and nothing is parsed, and a missing or
 * malformed signature or a stale timestamp is refused before the body is read; bodies over {@link #MAX_BODY_BYTES} are
 * 413. Refusals are logged at most once a minute ({@link RefusalLog}); bodies and signatures are never logged.
 */
final class EventsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long ANSWER_WITHIN_MS = 2_500;
    private static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    private static final String SIGNATURE = "X-Slack-Signature";
    /**
     * Slack states no limit; an event is a message of at most 40,000 characters with its blocks and files' details,
     * well under this.
     */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final SignatureCheck signatures;
    private final Intake intake;
    private final RefusalLog refusals = new RefusalLog(LOG, "Events API request");

    EventsEndpoint(String signingSecret, Intake intake, Clock clock) {
        this.signatures = new SignatureCheck(signingSecret, clock);
        this.intake = intake;
    }

    /** Refuses, before the body is read, a request whose signature headers cannot be genuine. */
    Optional<WebResponse> refuse(WebRequest withoutBody) {
        return signatures.problemBeforeBody(withoutBody.header(TIMESTAMP).orElse(null), withoutBody.header(SIGNATURE).orElse(null))
                .map(problem -> refused(withoutBody, problem));
    }

    WebResponse handle(WebRequest request) {
        Optional<String> problem = signatures.problem(request.header(TIMESTAMP).orElse(null),
                request.header(SIGNATURE).orElse(null), request.body());
        if (problem.isPresent()) {
            return refused(request, problem.get());
        }
        try {
            JsonNode payload = JSON.readTree(request.body());
            if (payload.path("type").asString("").equals("url_verification")) {
                return WebResponse.text(200, payload.path("challenge").asString(""));
            }
            intake.accept(payload).get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
            return WebResponse.empty(200);
        } catch (TimeoutException e) {
            return WebResponse.empty(503);
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("Events API request not stored (Slack retries it): {}", e.toString());
            return WebResponse.empty(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebResponse.empty(503);
        }
    }

    private WebResponse refused(WebRequest request, String problem) {
        refusals.refused(request.remoteAddress(), problem);
        return WebResponse.empty(401);
    }
}
