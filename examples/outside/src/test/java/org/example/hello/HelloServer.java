package org.example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Hello network for the tests: its two endpoints over posts kept in memory, started as a JUnit extension. */
final class HelloServer implements BeforeAllCallback, AfterAllCallback {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<ObjectNode> posts = new ArrayList<>(); // guarded by this
    private HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/updates", exchange -> {
            long after = Long.parseLong(exchange.getRequestURI().getQuery().replace("after=", ""));
            ArrayNode updates = JSON.createArrayNode();
            synchronized (this) {
                posts.stream().filter(p -> p.path("seq").asLong() > after).forEach(updates::add);
            }
            answer(exchange, updates);
        });
        server.createContext("/send", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode post = post(body.path("room").asString(), body.path("user").asString(), body.path("text").asString());
            answer(exchange, JSON.createObjectNode().put("id", post.path("id").asString()));
        });
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Someone posts in a Hello room. */
    synchronized ObjectNode post(String room, String user, String text) {
        ObjectNode post = JSON.createObjectNode().put("seq", posts.size() + 1).put("id", "p" + (posts.size() + 1))
                .put("room", room).put("user", user).put("text", text).put("ts", System.currentTimeMillis());
        posts.add(post);
        return post;
    }

    /** What was posted in a room, as "user: text". */
    synchronized List<String> posts(String room) {
        return posts.stream().filter(p -> p.path("room").asString().equals(room))
                .map(p -> p.path("user").asString() + ": " + p.path("text").asString()).toList();
    }

    private static void answer(HttpExchange exchange, JsonNode json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
