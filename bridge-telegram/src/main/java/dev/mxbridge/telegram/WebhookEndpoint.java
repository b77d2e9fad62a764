package dev.mxbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mxbridge.core.web.RefusalLog;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Webhook mode: Telegram POSTs updates to {@code /_mxbridge/telegram/webhook} on the bridge's own listener (the core's
 * {@code WebRoutes}). {@code X-Telegram-Bot-Api-Secret-Token} is compared with the configured secret in constant time
 * (401 when it differs or is missing) before the body is read, bodies over {@link #MAX_BODY_BYTES} are 413, and the
 * answer is 200 only once the update is stored; anything else gets 500, and Telegram sends the update again.
 * Refusals are logged at most once a minute ({@link RefusalLog}).
 */
final class WebhookEndpoint {
    static final String PATH = "webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An update is one message (4,096 characters of text or 1,024 of caption, with entities): far less than this. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final TelegramConfig.Webhook config;
    private final BotApi api;
    private final Inbound inbound;
    private final byte[] secret;
    private final TelegramMetrics metrics;
    private final RefusalLog refusals = new RefusalLog(LOG, "Telegram webhook request");

    WebhookEndpoint(TelegramConfig.Webhook config, BotApi api, Inbound inbound, TelegramMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.api = api;
        this.inbound = inbound;
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
    }

    /** Tells Telegram where to post, with the secret and the update types we want. */
    void start() throws TelegramApiException {
        api.client().execute(SetWebhook.builder().url(config.url().toString()).secretToken(config.secret())
                .allowedUpdates(Poller.ALLOWED_UPDATES).build());
        metrics.receiving(true);
        LOG.info("Telegram webhook at {}", config.url());
    }

    /** Refuses a request without the secret token before its body is read (the secret is a header). */
    Optional<WebResponse> refuse(WebRequest withoutBody) {
        String given = withoutBody.header("X-Telegram-Bot-Api-Secret-Token").orElse("");
        if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            refusals.refused(withoutBody.remoteAddress(), given.isEmpty() ? "no secret token" : "wrong secret token");
            return Optional.of(WebResponse.empty(401));
        }
        return Optional.empty();
    }

    WebResponse handle(WebRequest request) {
        Optional<WebResponse> refused = refuse(request); // the guard's check, kept for a caller without the guard
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            Update update = JSON.readValue(request.body(), Update.class);
            inbound.handle(List.of(update)).get(60, TimeUnit.SECONDS);
            metrics.received(1);
            return WebResponse.empty(200);
        } catch (Exception e) {
            metrics.receiveFailed();
            LOG.warn("could not store a webhook update, Telegram will send it again: {}", e.toString());
            return WebResponse.empty(500);
        }
    }
}
