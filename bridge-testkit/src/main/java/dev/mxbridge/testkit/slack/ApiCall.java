package dev.mxbridge.testkit.slack;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One Web API request the fake answered, in arrival order.
 *
 * @param method the method name, e.g. {@code chat.postMessage}
 * @param args   the arguments from the query, form or JSON body (JSON values as their JSON text), without the token
 * @param token  the token sent in the {@code Authorization} header or the {@code token} argument
 * @param at     when it arrived
 * @param status the HTTP status answered: 200, or 429 when rate limited
 * @param error  Slack's error code when the answer was {@code "ok": false}
 */
public record ApiCall(String method, Map<String, String> args, Optional<String> token, Instant at, int status,
                      Optional<String> error) {
    public ApiCall {
        args = Map.copyOf(args);
    }

    /** Whether Slack answered {@code "ok": true}. */
    public boolean ok() {
        return error.isEmpty();
    }

    /** An argument, or empty. */
    public Optional<String> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }
}
