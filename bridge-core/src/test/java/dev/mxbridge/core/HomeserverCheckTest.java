package dev.mxbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.RetryPolicy;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.registration.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up check names the registration only when the registration can be the cause. */
class HomeserverCheckTest {
    private final HttpServer server;
    /** Answers per path ending: register, ping, whoami; each "status body". */
    private final Map<String, ConcurrentLinkedQueue<String>> answers = Map.of(
            "register", new ConcurrentLinkedQueue<>(), "ping", new ConcurrentLinkedQueue<>(),
            "whoami", new ConcurrentLinkedQueue<>());

    HomeserverCheckTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String key = path.endsWith("/ping") ? "ping" : path.endsWith("/whoami") ? "whoami" : "register";
            String answer = answers.get(key).poll();
            if (answer == null) {
                answer = "500 {\"errcode\":\"M_UNKNOWN\",\"error\":\"nothing scripted\"}";
            }
            byte[] body = answer.substring(4).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, 3)), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HomeserverCheck.Outcome check(boolean transactionsArrived) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        MatrixClientConfig config = new MatrixClientConfig(url, "as-token", "localhost", new UserId("@_x_bot:localhost"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
                new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(10)));
        Registration registration = Registration.builder().id("x").url(URI.create("http://127.0.0.1:29330"))
                .senderLocalpart("_x_bot").exclusiveUsers("_x_", "localhost").exclusiveAliases("_x_", "localhost").build();
        try (MatrixClient matrix = MatrixClient.create(config)) {
            return new HomeserverCheck(matrix, registration, url, () -> transactionsArrived, Duration.ofMillis(10)).run();
        }
    }

    @Test
    void aPingTheHomeserverCouldNotDeliverWhileTransactionsArriveIsNotBlamedOnTheRegistration() {
        answers.get("register").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        answers.get("ping").add("502 {\"errcode\":\"M_CONNECTION_FAILED\",\"error\":\"AlreadyCalled\"}");
        HomeserverCheck.Outcome outcome = check(true);
        assertThat(outcome.problem()).isFalse();
        assertThat(outcome.text()).contains("transactions arrive").doesNotContain("registration");
    }

    @Test
    void aPingThatNeverGetsThroughNamesTheUrlAfterThreeTries() {
        answers.get("register").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        for (int i = 0; i < 3; i++) {
            answers.get("ping").add("502 {\"errcode\":\"M_CONNECTION_FAILED\",\"error\":\"Connection refused\"}");
        }
        HomeserverCheck.Outcome outcome = check(false);
        assertThat(outcome.problem()).isTrue();
        assertThat(outcome.text()).contains("could not reach the bridge at http://127.0.0.1:29330");
        assertThat(answers.get("ping")).as("tried three times").isEmpty();
    }

    @Test
    void aPingThatWorksOnTheSecondTryIsFine() {
        answers.get("register").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        answers.get("ping").add("502 {\"errcode\":\"M_CONNECTION_FAILED\",\"error\":\"AlreadyCalled\"}");
        answers.get("ping").add("200 {\"duration_ms\":12}");
        assertThat(check(false)).isEqualTo(new HomeserverCheck.Outcome(false, "homeserver reaches the bridge (ping 12 ms)"));
    }

    @Test
    void aHomeserverWithoutPingIsCheckedWithWhoami() {
        answers.get("register").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        answers.get("ping").add("404 {\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
        answers.get("whoami").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        HomeserverCheck.Outcome outcome = check(false);
        assertThat(outcome.problem()).isFalse();
        assertThat(outcome.text()).contains("no appservice ping").contains("@_x_bot:localhost");
    }

    @Test
    void aHomeserverWithoutPingThatRefusesTheTokenInWhoamiNamesTheRegistration() {
        answers.get("register").add("200 {\"user_id\":\"@_x_bot:localhost\"}");
        answers.get("ping").add("404 {\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
        answers.get("whoami").add("401 {\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Unknown token\"}");
        HomeserverCheck.Outcome outcome = check(false);
        assertThat(outcome.problem()).isTrue();
        assertThat(outcome.text()).contains("no appservice ping").contains("refuses the bridge's as_token")
                .contains("registration file");
    }

    @Test
    void aRefusedTokenNamesTheRegistration() {
        answers.get("register").add("401 {\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid token\"}");
        HomeserverCheck.Outcome outcome = check(true);
        assertThat(outcome.problem()).isTrue();
        assertThat(outcome.text()).contains("refuses the bridge's as_token").contains("registration file");
    }
}
