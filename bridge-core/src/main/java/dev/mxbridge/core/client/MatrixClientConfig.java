package dev.mxbridge.core.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link MatrixClient} needs: where the homeserver is, the application service's token, and how patient to
 * be. {@link #toString()} hides the token.
 *
 * @param homeserver         Client-Server API base URI, e.g. {@code http://127.0.0.1:8008}
 * @param asToken            the registration's {@code as_token}
 * @param serverName         the homeserver's name in user ids; intents are only made for users on it
 * @param botUserId          the bridge bot ({@code sender_localpart} on {@code serverName})
 * @param connectTimeout     TCP connect timeout
 * @param requestTimeout     timeout of one attempt of an ordinary call, until the whole answer is read
 * @param longRequestTimeout timeout of one attempt of calls that may legitimately be slow: joins (over federation),
 *                           room creation, media upload and download
 * @param retry              how failed calls are retried
 */
public record MatrixClientConfig(
        URI homeserver,
        String asToken,
        String serverName,
        UserId botUserId,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration longRequestTimeout,
        RetryPolicy retry) {

    public MatrixClientConfig {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(asToken, "asToken");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(botUserId, "botUserId");
        Objects.requireNonNull(retry, "retry");
        if (!"http".equals(homeserver.getScheme()) && !"https".equals(homeserver.getScheme())) {
            throw new IllegalArgumentException("homeserver must be an http(s) URI: " + homeserver);
        }
        if (asToken.isBlank()) {
            throw new IllegalArgumentException("as_token must not be blank");
        }
        if (!botUserId.server().equals(serverName)) {
            throw new IllegalArgumentException("bot user " + botUserId + " is not on server " + serverName);
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
        requirePositive(longRequestTimeout, "long request timeout");
    }

    /**
     * A config with default timeouts (connect 10 s, request 30 s, long request 3 min) and {@link RetryPolicy#defaults()}.
     */
    public static MatrixClientConfig of(URI homeserver, String asToken, String serverName, UserId botUserId) {
        return new MatrixClientConfig(homeserver, asToken, serverName, botUserId, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMinutes(3), RetryPolicy.defaults());
    }

    /** A copy with other timeouts. */
    public MatrixClientConfig withTimeouts(Duration connect, Duration request, Duration longRequest) {
        return new MatrixClientConfig(homeserver, asToken, serverName, botUserId, connect, request, longRequest,
                retry);
    }

    /** A copy with another retry policy. */
    public MatrixClientConfig withRetry(RetryPolicy retry) {
        return new MatrixClientConfig(homeserver, asToken, serverName, botUserId, connectTimeout, requestTimeout,
                longRequestTimeout, retry);
    }

    @Override
    public String toString() {
        return "MatrixClientConfig[homeserver=" + homeserver + ", asToken=***, serverName=" + serverName
                + ", botUserId=" + botUserId + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", longRequestTimeout=" + longRequestTimeout + ", retry=" + retry + "]";
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (!d.isPositive()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
