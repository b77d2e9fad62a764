package dev.mxbridge.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Webhook mode: a small HTTP server of our own (the core has no way for a network to add routes to its AS server yet)
 * that takes Telegram's POSTs, compares {@code X-Telegram-Bot-Api-Secret-Token} with the configured secret in constant
 * time (401 when it differs), and answers 200 only once the update is stored; anything else gets 500, and Telegram
 * sends the update again.
 */
final class WebhookServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final TelegramConfig.Webhook config;
    private final BotApi api;
    private final Inbound inbound;
    private final byte[] secret;
    private HttpServer server;

    WebhookServer(TelegramConfig.Webhook config, BotApi api, Inbound inbound) {
        this.config = config;
        this.api = api;
        this.inbound = inbound;
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
    }

    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(config.path(), this::exchange);
        server.start();
        api.client().execute(SetWebhook.builder().url(config.url().toString()).secretToken(config.secret())
                .allowedUpdates(Poller.ALLOWED_UPDATES).build());
        LOG.info("Telegram webhook at {} (listening on {}:{}{})", config.url(), config.bind(), port(), config.path());
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String given = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token"))
                    .orElse("");
            if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                LOG.warn("a webhook request from {} had a wrong secret token; refused", exchange.getRemoteAddress());
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            try {
                Update update = JSON.readValue(body, Update.class);
                inbound.handle(List.of(update)).get(60, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (Exception e) {
                LOG.warn("could not store a webhook update, Telegram will send it again: {}", e.toString());
                exchange.sendResponseHeaders(500, -1);
            }
        }
    }
}
