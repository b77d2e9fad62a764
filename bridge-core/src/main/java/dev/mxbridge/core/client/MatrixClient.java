package dev.mxbridge.core.client;

import java.time.Duration;

/**
 * The bridge's connection to its homeserver's Client-Server API, authenticated with the application service's
 * {@code as_token}. Thread-safe and meant to be shared; calls block, so run them on virtual threads.
 *
 * <p>Every attempt has a connect timeout and a timeout covering the whole answer. A call is retried, within its
 * {@link RetryPolicy}, when:
 * <ul>
 *   <li>the homeserver answers 429: always, after the {@code retry_after_ms} or {@code Retry-After} it gives
 *       (the call was refused, not executed);</li>
 *   <li>the connection cannot be established: always (nothing was sent);</li>
 *   <li>the answer is a 5xx other than 501, or the connection breaks or times out after the request went out:
 *       only for calls that are idempotent or made so. Those are all calls except {@code POST /createRoom}
 *       without an alias and the appservice ping. Sends and redactions are made idempotent by deterministic
 *       transaction ids (see {@link Intent#sendEvent}); registration by treating {@code M_USER_IN_USE} as done;
 *       alias creation and deletion and aliased room creation by checking, after an uncertain attempt, whether
 *       the first attempt took effect.</li>
 * </ul>
 * When retries are exhausted the last error is thrown: {@link MatrixException} for an answer,
 * {@link MatrixTransportException} for no answer.
 */
public interface MatrixClient extends AutoCloseable {

    /** A client for {@code config}; close it to release its connections. */
    static MatrixClient create(MatrixClientConfig config) {
        return new HttpMatrixClient(config);
    }

    MatrixClientConfig config();

    /**
     * Acts as {@code user}, a ghost or the bot, by asserting its identity with the {@code user_id} query parameter.
     *
     * @throws IllegalArgumentException if the user is not on the configured server
     */
    Intent intent(UserId user);

    /** Acts as the bridge bot. */
    Intent bot();

    /**
     * Asks the homeserver to ping this application service ({@code POST /_matrix/client/v1/appservice/{id}/ping}),
     * proving that both directions work. Not retried except on 429 or a refused connection.
     *
     * @param appserviceId the registration's {@code id}
     * @return how long the homeserver's request to the application service took
     */
    Duration ping(String appserviceId);

    /** As {@link #ping(String)}, passing {@code transactionId} through to the application service's ping endpoint. */
    Duration ping(String appserviceId, String transactionId);

    /**
     * Logs a user in ({@code POST /_matrix/client/v3/login}, sent without the {@code as_token}) with the given login
     * request, for example {@code {"type": "m.login.password", "identifier": ..., "password": ...}}. Not retried once
     * the request may have reached the homeserver: a second attempt would make a second device.
     *
     * @throws MatrixException with the homeserver's error, e.g. {@code M_FORBIDDEN} for wrong credentials or
     *         {@code M_UNKNOWN} for a login type it does not support
     */
    Login login(tools.jackson.databind.node.ObjectNode request);

    /**
     * Whether the homeserver answers now: one {@code GET /_matrix/client/versions} without the token, never retried,
     * within 5 s (or the request timeout if shorter: a homeserver stopped for a while must read as down, not as slow).
     * An answer below 500 is true (a proxy's 404 still proves the server is reachable);
     * a 5xx, a refused connection or a timeout is false. For watches that ask every few seconds: it uses the
     * client's own connections rather than an HTTP client of its own.
     */
    boolean answers();

    /** Releases the HTTP client; calls in flight fail. */
    @Override
    void close();
}
