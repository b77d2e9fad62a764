package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.testkit.LogRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Events API endpoint's refusals: before the body where the headers suffice, and not a log line each. */
class EventsEndpointTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final EventsEndpoint endpoint = new EventsEndpoint("shh", null, Clock.fixed(NOW, ZoneOffset.UTC));
    private final LogRecorder log = LogRecorder.of(EventsEndpoint.class);

    @AfterEach
    void detach() {
        log.close();
    }

    private static WebRequest request(Map<String, String> headers, String body) {
        return new WebRequest("POST", "/_mxbridge/slack/events", Map.of(), Map.of(), headers,
                body.getBytes(StandardCharsets.UTF_8), "192.0.2.9");
    }

    @Test
    void aFloodOfBadRequestsIsRefusedWithOneLogLineAndNoBodyOrSignatureInIt() {
        String ts = Long.toString(NOW.getEpochSecond());
        String forged = "v0=" + "ab".repeat(32);
        for (int i = 0; i < 500; i++) {
            Map<String, String> headers = i % 2 == 0 ? Map.of() : Map.of("x-slack-request-timestamp", ts, "x-slack-signature", forged);
            WebRequest bad = request(headers, "{\"secret-body\":" + i + "}");
            int status = endpoint.refuse(bad).map(r -> r.status()).orElseGet(() -> endpoint.handle(bad).status());
            assertThat(status).isEqualTo(401);
        }
        assertThat(log.events()).hasSize(1);
        String line = log.events().getFirst().getFormattedMessage();
        assertThat(line).contains("192.0.2.9", "unsigned").doesNotContain("secret-body", forged);
    }

    @Test
    void theGuardRefusesMissingOrMalformedSignaturesAndPassesWellFormedOnes() {
        String ts = Long.toString(NOW.getEpochSecond());
        assertThat(endpoint.refuse(request(Map.of("x-slack-request-timestamp", ts), ""))).isPresent();
        assertThat(endpoint.refuse(request(Map.of("x-slack-request-timestamp", ts, "x-slack-signature", "v0=12"), ""))).isPresent();
        assertThat(endpoint.refuse(request(Map.of("x-slack-request-timestamp", "0", "x-slack-signature",
                "v0=" + "ab".repeat(32)), ""))).isPresent();
        assertThat(endpoint.refuse(request(Map.of("x-slack-request-timestamp", ts, "x-slack-signature",
                "v0=" + "ab".repeat(32)), ""))).as("the HMAC needs the body").isEmpty();
    }
}
