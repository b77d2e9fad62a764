package dev.mxbridge.core.client;

import dev.mxbridge.core.http.HttpClients;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends {@link Call}s: authentication, timeouts, and the retry rules described on {@link MatrixClient}. The token
 * travels only in the {@code Authorization} header, which is never logged.
 */
final class Transport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    /** Off unless DEBUG: when each message send started and ended (epoch µs), for bench/run-e2e.sh. */
    private static final Logger TRACE = LoggerFactory.getLogger("dev.mxbridge.trace");

    /** How one attempt ended. */
    sealed interface Outcome permits Response, Failure {
    }

    /** The answer to one attempt. */
    record Response(int status, HttpHeaders headers, byte[] body) implements Outcome {
    }

    /** One attempt without an answer. {@code reached}: the request may have arrived at the homeserver. */
    record Failure(Throwable cause, boolean reached, boolean timedOut) implements Outcome {
    }

    private final MatrixClientConfig config;
    private final JsonMapper json;
    private final HttpClient http;
    private final String base;
    private final String authorization;

    Transport(MatrixClientConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClients.builder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // The caller's thread writes the request and the client's selector thread completes the answer,
                // instead of a hand-off to a pool thread at each step; nothing here blocks in a dependent stage.
                .executor(Runnable::run)
                .build();
        String uri = config.homeserver().toString();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.authorization = "Bearer " + config.asToken();
    }

    /** Sends {@code call} and parses the JSON answer (an empty body reads as {@code {}}). */
    JsonNode json(Call call) {
        Response response = send(call);
        if (response.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw malformed(call, response.status(), "answer is not JSON: " + e.getOriginalMessage());
        }
    }

    static MatrixException malformed(Call call, int status, String what) {
        return new MatrixException(status, MatrixException.M_UNKNOWN, what, Optional.empty(),
                call.method + " " + call.path, false);
    }

    /** One attempt at {@code call} within {@code timeout}, whatever its outcome: no retry, nothing thrown. */
    Outcome once(Call call, Duration timeout) {
        return exchange(call, timeout, 1);
    }

    /** Sends {@code call}, retrying as the policy allows, and returns the first 2xx answer. */
    Response send(Call call) {
        RetryPolicy policy = config.retry();
        Duration timeout = call.slow ? config.longRequestTimeout() : config.requestTimeout();
        long deadline = System.nanoTime() + policy.maxElapsed().toNanos();
        boolean uncertain = false;
        boolean reached = false;
        for (int attempt = 1; ; attempt++) {
            Duration attemptTimeout = min(timeout, Duration.ofNanos(deadline - System.nanoTime()));
            Duration wait = policy.backoff(attempt);
            RuntimeException error;
            switch (exchange(call, attemptTimeout, attempt)) {
                case Response response when response.status() >= 200 && response.status() < 300 -> {
                    return response;
                }
                case Response response -> {
                    reached = true;
                    MatrixException e = error(call, response, attempt, uncertain);
                    if (response.status() == 429) {
                        wait = e.retryAfter().orElse(wait);
                    } else if (retryableStatus(response.status()) && call.safety == Call.Safety.IDEMPOTENT) {
                        uncertain = true;
                    } else {
                        throw e;
                    }
                    error = e;
                }
                case Failure f -> {
                    reached |= f.reached();
                    uncertain |= f.reached();
                    error = transportError(call, f, attempt, reached);
                    if (f.reached() && call.safety == Call.Safety.UNSAFE) {
                        throw error;
                    }
                }
            }
            if (attempt >= policy.maxAttempts() || System.nanoTime() + wait.toNanos() >= deadline) {
                throw error;
            }
            LOG.debug("{} {}: retrying in {} ms", call.method, call.path, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MatrixTransportException(call.method + " " + call.path + ": interrupted", e, attempt,
                        false, reached);
            }
        }
    }

    private Outcome exchange(Call call, Duration timeout, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.pathAndQuery()))
                .timeout(timeout)
                .method(call.method, call.body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body));
        call.contentType().ifPresent(type -> request.header("Content-Type", type));
        if (!call.anonymous) {
            request.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        long startMicros = TRACE.isDebugEnabled() ? epochMicros() : 0;
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            // Bounds the whole exchange, body included, whatever the JDK client's own timeout covers.
            HttpResponse<byte[]> r = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            log(call, attempt, start, r.statusCode());
            if (startMicros != 0 && call.path.contains("/send/m.room.message/")) {
                TRACE.debug("hs-send {} {} {}", startMicros, epochMicros(), r.statusCode());
            }
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            log(call, attempt, start, "timeout");
            return new Failure(new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms"),
                    true, true);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            log(call, attempt, start, cause);
            boolean connectFailed = connectFailed(cause);
            return new Failure(cause, !connectFailed, cause instanceof HttpTimeoutException);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MatrixTransportException(call.method + " " + call.path + ": interrupted", e, attempt, false,
                    true);
        }
    }

    private MatrixException error(Call call, Response response, int attempts, boolean uncertain) {
        String errcode = MatrixException.M_UNKNOWN;
        String message = "";
        Optional<Duration> retryAfter = retryAfterHeader(response.headers());
        JsonNode body = parseQuietly(response.body());
        if (body != null && body.isObject()) {
            errcode = body.optional("errcode").filter(JsonNode::isString).map(JsonNode::stringValue).orElse(errcode);
            message = body.optional("error").filter(JsonNode::isString).map(JsonNode::stringValue).orElse("");
            JsonNode ms = body.path("retry_after_ms");
            if (retryAfter.isEmpty() && ms.isIntegralNumber() && ms.asLong() >= 0) {
                retryAfter = Optional.of(Duration.ofMillis(ms.asLong()));
            }
        } else if (response.body().length > 0) {
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            message = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        return new MatrixException(response.status(), errcode, message, retryAfter,
                call.method + " " + call.path + ", " + attempts + (attempts == 1 ? " attempt" : " attempts"),
                uncertain);
    }

    private static MatrixTransportException transportError(Call call, Failure f, int attempts, boolean reached) {
        String what = f.timedOut() ? "timed out" : "failed";
        String note = f.reached() && call.safety == Call.Safety.UNSAFE
                ? " (not retried: the homeserver may have acted on it)" : "";
        return new MatrixTransportException(call.method + " " + call.path + " " + what + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + note + ": " + f.cause(), f.cause(), attempts,
                f.timedOut(), reached);
    }

    private JsonNode parseQuietly(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date. */
    static Optional<Duration> retryAfterHeader(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.get());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static boolean retryableStatus(int status) {
        return status >= 500 && status != 501 && status != 505;
    }

    /** Whether the request certainly never left: the connection could not be made. */
    private static boolean connectFailed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : m;
    }

    private static long epochMicros() {
        return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
    }

    private static void log(Call call, int attempt, long startNanos, Object result) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} ({} ms, attempt {})", call.method, call.pathAndQuery(), result,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), attempt);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
