package dev.mxbridge.testkit.slack;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An app's Events API request URL for tests: records each request and answers with the next scripted answer (200
 * by default). A slow answer holds the request until its delay passes or the receiver closes.
 */
final class Receiver implements AutoCloseable {
    record Request(Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    record Answer(int status, Duration delay, String body, boolean noRetry) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/slack/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestHeaders(), body));
            Answer answer = script.isEmpty() ? new Answer(200, Duration.ZERO, "", false) : script.pollFirst();
            if (!answer.delay().isZero()) {
                try {
                    closing.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String text = body.contains("\"url_verification\"") ? Json.parse(body).path("challenge").asString() : answer.body();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (answer.noRetry()) {
                exchange.getResponseHeaders().add("X-Slack-No-Retry", "1");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slack/events");
    }

    /** The next requests get these answers, in order. */
    void answer(Answer... answers) {
        script.addAll(List.of(answers));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
