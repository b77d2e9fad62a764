package dev.mxbridge.testkit.slack;

import java.util.Collection;
import java.util.OptionalInt;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Web API failure as Slack answers it: {@code {"ok":false,"error":"..."}} plus any extra fields, with HTTP 200 -
 * except {@code ratelimited}, which comes with HTTP 429 and {@code Retry-After}. Thrown by handlers, answered by
 * {@link WebApi}; carries no stack trace.
 */
final class SlackError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ObjectNode body;
    private final int status;
    private final OptionalInt retryAfterSeconds;

    private SlackError(String error, ObjectNode extra, int status, OptionalInt retryAfterSeconds) {
        super(error, null, false, false);
        this.body = Json.object().put("ok", false).put("error", error);
        this.body.setAll(extra);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    SlackError(String error) {
        this(error, Json.object(), 200, OptionalInt.empty());
    }

    /** An error with extra top-level fields, e.g. {@code req_method} of {@code unknown_method}. */
    static SlackError withFields(String error, ObjectNode extra) {
        return new SlackError(error, extra, 200, OptionalInt.empty());
    }

    static SlackError missingScope(String needed, Collection<String> provided) {
        return new SlackError("missing_scope",
                Json.object().put("needed", needed).put("provided", String.join(",", provided)), 200, OptionalInt.empty());
    }

    static SlackError rateLimited(int retryAfterSeconds) {
        return new SlackError("ratelimited", Json.object(), 429, OptionalInt.of(retryAfterSeconds));
    }

    /** {@code invalid_arguments} with the human-readable line Slack puts in {@code response_metadata.messages}. */
    static SlackError invalidArguments(String message) {
        ObjectNode extra = Json.object();
        extra.putObject("response_metadata").putArray("messages").add("[ERROR] " + message);
        return new SlackError("invalid_arguments", extra, 200, OptionalInt.empty());
    }

    ObjectNode body() {
        return body;
    }

    int status() {
        return status;
    }

    OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
