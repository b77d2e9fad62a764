package dev.mxbridge.testkit.slack;

import java.time.Instant;
import java.util.Optional;

/**
 * One signed POST of the Events API to the app's request URL.
 *
 * @param eventId      the payload's {@code event_id}; {@code url_verification} for a URL check
 * @param body         the JSON body exactly as sent and signed
 * @param timestamp    the {@code X-Slack-Request-Timestamp} header
 * @param signature    the {@code X-Slack-Signature} header, {@code v0=…}
 * @param retryNum     the {@code X-Slack-Retry-Num} header; 0 (header absent) for first attempts and replays
 * @param retryReason  the {@code X-Slack-Retry-Reason} header of retries
 * @param status       the app's HTTP status, or 0 if it did not answer in time or could not be reached
 * @param responseBody what the app answered
 */
public record EventsApiDelivery(String eventId, String body, String timestamp, String signature, int retryNum,
                                Optional<String> retryReason, int status, String responseBody, Instant at) {
    /** Whether the app accepted it: a 2xx answer in time. */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }
}
