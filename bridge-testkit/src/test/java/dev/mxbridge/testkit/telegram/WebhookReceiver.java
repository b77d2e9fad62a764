package dev.mxbridge.testkit.telegram;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A bot's webhook endpoint for tests: records each POST and answers with a status the test chooses. */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(String body, Optional<String> secret) {
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                deliveries.add(new Delivery(body, Optional.ofNullable(
                        exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token"))));
                exchange.sendResponseHeaders(status.get(), -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int httpStatus) {
        status.set(httpStatus);
    }

    Delivery next(Duration timeout) throws InterruptedException {
        Delivery delivery = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            throw new AssertionError("no webhook delivery within " + timeout);
        }
        return delivery;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
