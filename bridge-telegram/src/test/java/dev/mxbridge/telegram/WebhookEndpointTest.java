package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.testkit.LogRecorder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook's secret is checked from the headers alone, and refusals do not flood the log. */
class WebhookEndpointTest {
    private static final String SECRET = "the-right-secret_0123456789";
    private final WebhookEndpoint endpoint = new WebhookEndpoint(
            new TelegramConfig.Webhook(URI.create("https://bridge.example/_mxbridge/telegram/webhook"), SECRET), null, null, null);
    private final LogRecorder log = LogRecorder.of(WebhookEndpoint.class);

    @AfterEach
    void detach() {
        log.close();
    }

    private static WebRequest headersOnly(Map<String, String> headers) {
        return new WebRequest("POST", "/_mxbridge/telegram/webhook", Map.of(), Map.of(), headers, new byte[0], "192.0.2.7");
    }

    @Test
    void theSecretIsCheckedBeforeTheBodyAndAFloodLogsOnce() {
        for (int i = 0; i < 300; i++) {
            Map<String, String> headers = i % 2 == 0 ? Map.of() : Map.of("x-telegram-bot-api-secret-token", "forged" + i);
            assertThat(endpoint.refuse(headersOnly(headers))).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(401));
        }
        assertThat(endpoint.refuse(headersOnly(Map.of("x-telegram-bot-api-secret-token", SECRET)))).isEmpty();
        assertThat(log.events()).hasSize(1);
        assertThat(log.events().getFirst().getFormattedMessage()).contains("192.0.2.7").doesNotContain("forged", SECRET);
    }
}
