package dev.mxbridge.core.client;

import dev.mxbridge.core.BridgeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The homeserver answered a call with an error: an HTTP status, a Matrix {@code errcode} and its {@code error}
 * text. A body that is not a Matrix error (say a proxy's HTML page) yields {@link #M_UNKNOWN}. Thrown after the
 * retry policy has given up, so a 5xx or 429 seen here has already been retried.
 */
public class MatrixException extends BridgeException {

    public static final String M_FORBIDDEN = "M_FORBIDDEN";
    public static final String M_NOT_FOUND = "M_NOT_FOUND";
    public static final String M_UNKNOWN = "M_UNKNOWN";
    public static final String M_UNKNOWN_TOKEN = "M_UNKNOWN_TOKEN";
    public static final String M_LIMIT_EXCEEDED = "M_LIMIT_EXCEEDED";
    public static final String M_USER_IN_USE = "M_USER_IN_USE";
    public static final String M_ROOM_IN_USE = "M_ROOM_IN_USE";
    public static final String M_EXCLUSIVE = "M_EXCLUSIVE";
    public static final String M_BAD_JSON = "M_BAD_JSON";
    public static final String M_INVALID_PARAM = "M_INVALID_PARAM";
    public static final String M_UNRECOGNIZED = "M_UNRECOGNIZED";

    private final int status;
    private final String errcode;
    private final String error;
    private final long retryAfterMillis;
    private final boolean afterUncertainAttempt;

    /** An error as a homeserver (or a fake of one) reports it. */
    public MatrixException(int status, String errcode, String error) {
        this(status, errcode, error, Optional.empty(), "", false);
    }

    MatrixException(int status, String errcode, String error, Optional<Duration> retryAfter, String context,
                    boolean afterUncertainAttempt) {
        super(errcode + " (HTTP " + status + "): " + error + (context.isEmpty() ? "" : " [" + context + "]"));
        this.status = status;
        this.errcode = Objects.requireNonNull(errcode, "errcode");
        this.error = Objects.requireNonNull(error, "error");
        this.retryAfterMillis = retryAfter.map(Duration::toMillis).orElse(-1L);
        this.afterUncertainAttempt = afterUncertainAttempt;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The Matrix error code, e.g. {@code M_FORBIDDEN}; {@link #M_UNKNOWN} when the body named none. */
    public String errcode() {
        return errcode;
    }

    /** The homeserver's human-readable message (possibly empty). */
    public String error() {
        return error;
    }

    /** How long a rate-limited ({@code 429}) call asked to wait, from {@code retry_after_ms} or {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return retryAfterMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryAfterMillis));
    }

    /** Whether the error code is {@code errcode}. */
    public boolean is(String errcode) {
        return this.errcode.equals(errcode);
    }

    public boolean isNotFound() {
        return is(M_NOT_FOUND);
    }

    public boolean isForbidden() {
        return is(M_FORBIDDEN);
    }

    public boolean isRateLimited() {
        return status == 429 || is(M_LIMIT_EXCEEDED);
    }

    /** Whether an earlier attempt of the same call may have taken effect (it timed out, or got a 5xx). */
    boolean afterUncertainAttempt() {
        return afterUncertainAttempt;
    }
}
