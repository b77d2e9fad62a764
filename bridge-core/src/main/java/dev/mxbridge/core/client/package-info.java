/**
 * The Matrix Client-Server API client the bridge acts through. One shared {@link dev.mxbridge.core.client.MatrixClient},
 * made by {@code MatrixClient.create(config)}, holds the HTTP connections and the application service's
 * {@code as_token}; {@link dev.mxbridge.core.client.MatrixClient#intent intent(userId)} gives an
 * {@link dev.mxbridge.core.client.Intent} that makes every call as one user, the bot or a ghost, by asserting its
 * identity. Calls block (run them on virtual threads), carry timeouts, and are retried on rate limits, server errors
 * and lost connections only where repeating them cannot do harm: sends and redactions carry transaction ids derived
 * from a caller's stable key, so a message is never duplicated by a retry or a restart. Failures are unchecked:
 * {@link dev.mxbridge.core.client.MatrixException} when the homeserver said no (with its {@code errcode}),
 * {@link dev.mxbridge.core.client.MatrixTransportException} when it could not be reached. Ids are small records
 * ({@link dev.mxbridge.core.client.UserId}, {@link dev.mxbridge.core.client.RoomId}, ...); event content is Jackson
 * {@code ObjectNode}.
 */
package dev.mxbridge.core.client;
