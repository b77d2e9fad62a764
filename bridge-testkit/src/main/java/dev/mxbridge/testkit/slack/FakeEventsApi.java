package dev.mxbridge.testkit.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery of events over HTTP, as Slack's Events API does it once the app has a request URL: each
 * {@code event_callback} is POSTed as JSON, signed with {@code X-Slack-Signature: v0=hex(HMAC-SHA256(signing secret,
 * "v0:" + timestamp + ":" + body))} and {@code X-Slack-Request-Timestamp}. An answer that is not 2xx within
 * {@link #timeout(Duration) 3 s} is retried up to three times with {@code X-Slack-Retry-Num} and
 * {@code X-Slack-Retry-Reason} ({@code http_timeout}, {@code http_error}, {@code connection_failed}), unless the app
 * answered {@code X-Slack-No-Retry: 1}. Slack waits a minute and five minutes between later retries; the fake
 * compresses that to {@link #retryDelays(Duration...) 0 s, 1 s and 5 s} by default.
 *
 * <p>Hooks make the next request go out signed with a wrong secret or an old or future timestamp, replay a request
 * exactly, or send the {@code url_verification} challenge. Threading: thread-safe; requests go out one at a time, in
 * order, on the fake's own sender thread.
 */
public final class FakeEventsApi {
    private final SlackApp app;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService sender;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(3)).build();
    private final List<EventsApiDelivery> deliveries = new ArrayList<>();
    private Optional<URI> requestUrl = Optional.empty();
    private Duration timeout = Duration.ofSeconds(3);
    private List<Duration> retryDelays = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5));
    private Optional<String> nextSecret = Optional.empty();
    private Duration nextTimestampShift = Duration.ZERO;

    FakeEventsApi(SlackApp app, ScheduledExecutorService scheduler, ExecutorService sender) {
        this.app = app;
        this.scheduler = scheduler;
        this.sender = sender;
    }

    /** Delivers every later event to this URL instead of over Socket Mode. */
    public synchronized FakeEventsApi deliverTo(URI url) {
        this.requestUrl = Optional.of(url);
        return this;
    }

    /** The request URL, if events go over HTTP. */
    public synchronized Optional<URI> requestUrl() {
        return requestUrl;
    }

    /** How long the app may take to answer; 3 s by default, as Slack allows. */
    public synchronized FakeEventsApi timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The waits before the first, second and third retry (fewer entries mean fewer retries). */
    public synchronized FakeEventsApi retryDelays(Duration... delays) {
        this.retryDelays = List.of(delays);
        return this;
    }

    /** Signs the next request with this secret instead of the app's signing secret. */
    public synchronized void signNextWith(String secret) {
        this.nextSecret = Optional.of(secret);
    }

    /** Stamps the next request this much off the clock: negative for an old request, positive for a future one. */
    public synchronized void shiftNextTimestamp(Duration shift) {
        this.nextTimestampShift = shift;
    }

    /** Every request sent, retries and replays included, in order. */
    public synchronized List<EventsApiDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Sends the same request again, byte for byte and with the same headers, as an attacker replaying it would. */
    public EventsApiDelivery replay(EventsApiDelivery original) {
        return post(original.eventId(), original.body(), original.timestamp(), original.signature(), 0, Optional.empty())
                .delivery();
    }

    /** Sends Slack's {@code url_verification} request now; the app should answer with the challenge. */
    public EventsApiDelivery verifyUrl() {
        ObjectNode body = Json.object().put("token", app.verificationToken())
                .put("challenge", UUID.randomUUID().toString().replace("-", "")).put("type", "url_verification");
        return attempt("url_verification", Json.write(body), 0, Optional.empty()).delivery();
    }

    synchronized void deliver(ObjectNode payload) {
        String body = Json.write(payload);
        String eventId = payload.path("event_id").asString();
        sender.execute(() -> attemptWithRetries(eventId, body, 0, Optional.empty()));
    }

    private void attemptWithRetries(String eventId, String body, int retryNum, Optional<String> reason) {
        Outcome outcome = attempt(eventId, body, retryNum, reason);
        List<Duration> delays;
        synchronized (this) {
            delays = retryDelays;
        }
        if (outcome.retryReason().isEmpty() || retryNum >= delays.size()) {
            return;
        }
        String why = outcome.retryReason().get();
        scheduler.schedule(() -> sender.execute(() -> attemptWithRetries(eventId, body, retryNum + 1, Optional.of(why))),
                delays.get(retryNum).toMillis(), TimeUnit.MILLISECONDS);
    }

    private Outcome attempt(String eventId, String body, int retryNum, Optional<String> reason) {
        String secret;
        long timestamp;
        synchronized (this) {
            secret = nextSecret.orElse(app.signingSecret());
            timestamp = Instant.now().plus(nextTimestampShift).getEpochSecond();
            nextSecret = Optional.empty();
            nextTimestampShift = Duration.ZERO;
        }
        String ts = Long.toString(timestamp);
        return post(eventId, body, ts, sign(secret, ts, body), retryNum, reason);
    }

    private Outcome post(String eventId, String body, String timestamp, String signature, int retryNum,
                                   Optional<String> reason) {
        URI url;
        Duration wait;
        synchronized (this) {
            url = requestUrl.orElseThrow(() -> new IllegalStateException("no request URL: call deliverTo first"));
            wait = timeout;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(wait)
                .header("Content-Type", "application/json").header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (retryNum > 0) {
            request.header("X-Slack-Retry-Num", Integer.toString(retryNum)).header("X-Slack-Retry-Reason", reason.orElse(""));
        }
        int status = 0;
        String answer = "";
        Optional<String> retryReason = Optional.empty();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            answer = response.body();
            boolean noRetry = response.headers().firstValue("X-Slack-No-Retry").filter("1"::equals).isPresent();
            if ((status < 200 || status >= 300) && !noRetry) {
                retryReason = Optional.of("http_error");
            }
        } catch (HttpTimeoutException e) {
            retryReason = Optional.of("http_timeout");
        } catch (IOException e) {
            retryReason = Optional.of("connection_failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EventsApiDelivery delivery = new EventsApiDelivery(eventId, body, timestamp, signature, retryNum, reason,
                status, answer, Instant.now());
        synchronized (this) {
            deliveries.add(delivery);
        }
        return new Outcome(delivery, retryReason);
    }

    /** A request sent, and why it should be retried if it should. */
    private record Outcome(EventsApiDelivery delivery, Optional<String> retryReason) {
    }

    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
