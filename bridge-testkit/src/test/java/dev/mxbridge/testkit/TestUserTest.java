package dev.mxbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Against a fake homeserver that answers fixed pages, to pin down paging, ordering, encoding and errors. */
class TestUserTest {
    private static final String ROOM = "!r:localhost";
    private static final String MESSAGES = "/_matrix/client/v3/rooms/%21r%3Alocalhost/messages";

    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer server;
    private TestUser user;

    @BeforeEach
    void startFake() throws IOException {
        // Pages newest first, three events per page whatever limit is asked, as a homeserver may do.
        pages.put("", page("t1", 5, 4, 3));
        pages.put("t1", page("t2", 2, 1));
        pages.put("t2", "{\"chunk\":[]}");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        user = TestUser.connect(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "@me:localhost",
                "token");
    }

    @AfterEach
    void stopFake() {
        server.stop(0);
    }

    @Test
    void messagesPagesBackwardsAndReturnsOldestFirst() {
        assertThat(bodies(user.messages(ROOM, 10))).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(requests).allMatch(r -> r.startsWith("GET " + MESSAGES + "?dir=b&limit="));
        assertThat(requests.get(1)).endsWith("&from=t1");
    }

    @Test
    void messagesKeepsTheLatestWhenThePageHoldsMoreThanTheLimit() {
        assertThat(bodies(user.messages(ROOM, 2))).containsExactly("m4", "m5");
    }

    @Test
    void awaitEventReturnsTheOldestMatch() {
        JsonNode event = user.awaitEvent(ROOM, e -> e.path("content").path("body").asString().compareTo("m2") >= 0,
                Duration.ofSeconds(5));
        assertThat(event.path("content").path("body").asString()).isEqualTo("m2");
    }

    @Test
    void awaitEventFailsTheTestListingWhatItSaw() {
        assertThatThrownBy(() -> user.awaitEvent(ROOM, e -> false, Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("m.room.message from @other:localhost: m5");
    }

    @Test
    void errorsCarryTheHomeserversAnswer() {
        assertThatThrownBy(() -> user.sendText(ROOM, "hi"))
                .isInstanceOfSatisfying(MatrixException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errcode()).contains("M_FORBIDDEN");
                });
        assertThat(requests.getFirst()).matches("PUT /_matrix/client/v3/rooms/%21r%3Alocalhost/send/m.room.message/.+");
    }

    @Test
    void missingStateIsEmpty() {
        assertThat(user.state(ROOM, "m.room.topic", "")).isEmpty();
        assertThat(requests).containsExactly("GET /_matrix/client/v3/rooms/%21r%3Alocalhost/state/m.room.topic/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        boolean authorised = "Bearer token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (authorised && path.equals(MESSAGES)) {
            String from = query.contains("from=") ? query.substring(query.indexOf("from=") + 5) : "";
            respond(exchange, 200, pages.get(from));
        } else if (path.contains("/state/")) {
            respond(exchange, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Event not found.\"}");
        } else {
            respond(exchange, 403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"nope\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String page(String end, int... bodies) {
        StringBuilder chunk = new StringBuilder();
        for (int body : bodies) {
            chunk.append(chunk.isEmpty() ? "" : ",")
                    .append("{\"type\":\"m.room.message\",\"sender\":\"@other:localhost\",")
                    .append("\"content\":{\"msgtype\":\"m.text\",\"body\":\"m").append(body).append("\"}}");
        }
        return "{\"chunk\":[" + chunk + "],\"end\":\"" + end + "\"}";
    }

    private static List<String> bodies(List<JsonNode> events) {
        return events.stream().map(e -> e.path("content").path("body").asString()).toList();
    }
}
