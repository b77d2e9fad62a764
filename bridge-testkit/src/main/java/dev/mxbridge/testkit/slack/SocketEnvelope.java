package dev.mxbridge.testkit.slack;

import java.time.Instant;

/**
 * One {@code events_api} envelope the fake sent over Socket Mode.
 *
 * @param envelopeId   what the client acknowledges; new for every attempt
 * @param eventId      the {@code event_id} of the payload; the same on every attempt
 * @param retryAttempt 0 for the first attempt
 * @param retryReason  empty for the first attempt, {@code timeout} for redeliveries
 * @param connection   which connection carried it, counted from 1 in the order they opened
 */
public record SocketEnvelope(String envelopeId, String eventId, int retryAttempt, String retryReason, int connection,
                             Instant at) {
}
