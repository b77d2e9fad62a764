package dev.mxbridge.core.appservice;

import dev.mxbridge.core.handler.QueryHandler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AppServiceServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TXN = ListenerFixture.TXN;

    @TempDir
    Path dir;
    ListenerFixture listener;
    final List<String> userQueries = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch slowEntered = new CountDownLatch(1);
    final CountDownLatch slowReleased = new CountDownLatch(1);

    @BeforeEach
    void start() {
        QueryHandler queries = new QueryHandler() {
            @Override
            public boolean queryUser(String userId) {
                userQueries.add(userId);
                return true;
            }

            @Override
            public boolean queryAlias(String alias) {
                return alias.equals("#_test_lobby:localhost");
            }

            @Override
            public Optional<JsonNode> protocol(String protocol) {
                if (!protocol.equals("testnet")) {
                    return Optional.empty();
                }
                var description = JSON.createObjectNode();
                description.putArray("user_fields").add("nick");
                return Optional.of(description);
            }

            @Override
            public List<JsonNode> users(String protocol, Map<String, String> fields) {
                return fields.containsKey("nick")
                        ? List.of(JSON.createObjectNode().put("userid", "@_test_" + fields.get("nick") + ":localhost"))
                        : List.of();
            }
        };
        List<WebRoute> routes = List.of(
                WebRoute.post("hooks/{id}", r -> WebResponse.json(202, "{\"id\":\"" + r.pathParams().get("id")
                        + "\",\"signature\":\"" + r.header("X-Signature").orElse("") + "\",\"body\":\"" + r.bodyText()
                        + "\",\"q\":\"" + r.queryParam("q").orElse("") + "\"}")),
                WebRoute.get("login", r -> WebResponse.redirect(URI.create("https://example.org/authorize"))),
                WebRoute.post("slow", r -> {
                    slowEntered.countDown();
                    try {
                        slowReleased.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return WebResponse.json(200, "{\"done\":true}");
                }),
                WebRoute.get("broken", r -> {
                    throw new IllegalStateException("secret detail");
                }));
        listener = new ListenerFixture(dir, queries, routes, 4096);
    }

    @AfterEach
    void stop() {
        slowReleased.countDown();
        listener.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        return listener.call(method, path, body, token == null ? null : "Bearer " + token);
    }

    private static String errcode(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("errcode").asString();
    }

    private void awaitHandled(int n) throws InterruptedException {
        for (int i = 0; i < 500 && listener.handled.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(listener.handled).hasSize(n);
    }

    @Test
    void aTransactionIsStoredAndHandledAndItsRetryIsANoOp() throws Exception {
        var first = call("PUT", "/_matrix/app/v1/transactions/1", TXN, listener.registration.hsToken());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{}");
        assertThat(call("PUT", "/_matrix/app/v1/transactions/1", TXN, listener.registration.hsToken()).statusCode()).isEqualTo(200);
        awaitHandled(1);
        Thread.sleep(50);
        assertThat(listener.handled).hasSize(1);
        assertThat(listener.handled.getFirst().eventId()).contains("$e1");
    }

    @Test
    void transactionIdsThatSkipAreStoredAtOnceAndAnEventResentUnderANewIdIsHandledOnce() throws Exception {
        assertThat(call("PUT", "/_matrix/app/v1/transactions/1", TXN, listener.registration.hsToken()).statusCode()).isEqualTo(200);
        // Another application service on the homeserver had ids 2..1628.
        var skipped = call("PUT", "/_matrix/app/v1/transactions/1629", TXN.replace("$e1", "$e3"), listener.registration.hsToken());
        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/_matrix/app/v1/transactions/1630", TXN, listener.registration.hsToken()).statusCode())
                .as("$e1 again, in a new transaction").isEqualTo(200);
        assertThat(call("PUT", "/_matrix/app/v1/transactions/1631", TXN.replace("$e1", "$e4"), listener.registration.hsToken())
                .statusCode()).isEqualTo(200);
        awaitHandled(3);
        assertThat(listener.handled).extracting(e -> e.eventId().orElseThrow()).as("$e4 is listener.handled after the resent $e1 was dropped")
                .containsExactly("$e1", "$e3", "$e4");
    }

    @Test
    void aNetworksOwnEndpointsAreServedUnderItsPrefixWithoutTheHomeserversToken() throws Exception {
        HttpResponse<String> hook = listener.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.server.port()
                        + "/_mxbridge/testnet/hooks/h1?q=v")).header("X-Signature", "v0=abc")
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hook.statusCode()).isEqualTo(202);
        assertThat(hook.body()).isEqualTo("{\"id\":\"h1\",\"signature\":\"v0=abc\",\"body\":\"payload\",\"q\":\"v\"}");
        var login = call("GET", "/_mxbridge/testnet/login", null, null);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).contains("https://example.org/authorize");
        var broken = call("GET", "/_mxbridge/testnet/broken", null, null);
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).doesNotContain("secret detail");
        assertThat(call("GET", "/_mxbridge/testnet/hooks/h1", null, null).statusCode()).as("only POST").isEqualTo(405);
        assertThat(call("GET", "/_mxbridge/other/login", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theLegacyTransactionPathWorks() throws Exception {
        assertThat(call("PUT", "/transactions/9", TXN, listener.registration.hsToken()).statusCode()).isEqualTo(200);
        awaitHandled(1);
    }

    @Test
    void aWrongTokenIsForbiddenAndAMissingOneUnauthorized() throws Exception {
        var wrong = call("PUT", "/_matrix/app/v1/transactions/1", TXN, "not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(errcode(wrong)).isEqualTo("M_FORBIDDEN");
        var missing = call("PUT", "/_matrix/app/v1/transactions/1", TXN, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(errcode(missing)).isEqualTo("M_UNAUTHORIZED");
        Thread.sleep(50);
        assertThat(listener.handled).isEmpty();
    }

    @Test
    void theLegacyAccessTokenParameterIsAcceptedButMustAgreeWithTheHeader() throws Exception {
        String q = "?access_token=" + URLEncoder.encode(listener.registration.hsToken(), StandardCharsets.UTF_8);
        assertThat(call("PUT", "/_matrix/app/v1/transactions/1" + q, TXN, null).statusCode()).isEqualTo(200);
        var mismatch = call("PUT", "/_matrix/app/v1/transactions/2?access_token=wrong", TXN, listener.registration.hsToken());
        assertThat(mismatch.statusCode()).isEqualTo(403);
    }

    @Test
    void unknownRoutesAndMethodsGetMUnrecognized() throws Exception {
        var unknown = call("GET", "/_matrix/app/v1/nothing-here", null, listener.registration.hsToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(errcode(unknown)).isEqualTo("M_UNRECOGNIZED");
        var method = call("DELETE", "/_matrix/app/v1/transactions/1", null, listener.registration.hsToken());
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(errcode(method)).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void badBodiesAreRejectedWithTheSpecErrors() throws Exception {
        var notJson = call("PUT", "/_matrix/app/v1/transactions/1", "{not json", listener.registration.hsToken());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(errcode(notJson)).isEqualTo("M_NOT_JSON");
        var badShape = call("PUT", "/_matrix/app/v1/transactions/2", "{\"events\": {}}", listener.registration.hsToken());
        assertThat(badShape.statusCode()).isEqualTo(400);
        assertThat(errcode(badShape)).isEqualTo("M_BAD_JSON");
        var tooLarge = call("PUT", "/_matrix/app/v1/transactions/3", "{\"events\":[], \"pad\":\"" + "x".repeat(5000) + "\"}",
                listener.registration.hsToken());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(errcode(tooLarge)).isEqualTo("M_TOO_LARGE");
        assertThat(call("PUT", "/_matrix/app/v1/transactions/2", TXN, listener.registration.hsToken()).statusCode())
                .as("rejected transaction ids are not remembered").isEqualTo(200);
        awaitHandled(1);
    }

    @Test
    void userQueriesReachTheHandlerOnlyForOurNamespace() throws Exception {
        var ours = call("GET", "/_matrix/app/v1/users/" + enc("@_test_alice:localhost"), null, listener.registration.hsToken());
        assertThat(ours.statusCode()).isEqualTo(200);
        var theirs = call("GET", "/_matrix/app/v1/users/" + enc("@bob:localhost"), null, listener.registration.hsToken());
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(errcode(theirs)).isEqualTo("M_NOT_FOUND");
        assertThat(userQueries).containsExactly("@_test_alice:localhost");
    }

    @Test
    void aliasQueriesDecodeTheAliasAndAnswer404ForUnknownRooms() throws Exception {
        assertThat(call("GET", "/_matrix/app/v1/rooms/" + enc("#_test_lobby:localhost"), null, listener.registration.hsToken())
                .statusCode()).isEqualTo(200);
        assertThat(call("GET", "/rooms/" + enc("#_test_nowhere:localhost"), null, listener.registration.hsToken()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void thirdPartyLookupsAnswerOnStableAndUnstablePaths() throws Exception {
        var protocol = call("GET", "/_matrix/app/v1/thirdparty/protocol/testnet", null, listener.registration.hsToken());
        assertThat(protocol.statusCode()).isEqualTo(200);
        assertThat(protocol.body()).contains("user_fields");
        assertThat(call("GET", "/_matrix/app/unstable/thirdparty/protocol/other", null, listener.registration.hsToken()).statusCode())
                .isEqualTo(404);
        var user = call("GET", "/_matrix/app/v1/thirdparty/user/testnet?nick=carol", null, listener.registration.hsToken());
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(user.body()).get(0).path("userid").asString()).isEqualTo("@_test_carol:localhost");
        assertThat(call("GET", "/_matrix/app/v1/thirdparty/location?alias=" + enc("#x:y"), null, listener.registration.hsToken())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void pingAnswersWithAnEmptyObject() throws Exception {
        var ping = call("POST", "/_matrix/app/v1/ping", "{\"transaction_id\":\"meow\"}", listener.registration.hsToken());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("{}");
        assertThat(call("POST", "/_matrix/app/v1/ping", "{}", "bad").statusCode()).isEqualTo(403);
    }

    @Test
    void healthReadinessAndMetricsNeedNoToken() throws Exception {
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null, null).body()).startsWith("# metrics");
    }

    @Test
    void jettyRunsAGracefulHandlerInsteadOfTheLowResourceMonitorAndStatisticsHandlerAndStillAnswers() throws Exception {
        Server jetty = listener.server.jetty();
        assertThat(jetty.getBeans(LowResourceMonitor.class)).isEmpty();
        assertThat(jetty.getDescendants(StatisticsHandler.class)).isEmpty();
        assertThat(jetty.getDescendants(GracefulHandler.class)).hasSize(1);
        assertThat(jetty.getDescendants(TransactionRoute.class)).as("transactions served by Jetty, before Javalin").hasSize(1);
        assertThat(jetty.getStopTimeout()).isEqualTo(AppServiceServer.STOP_GRACE.toMillis());
        assertThat(jetty.getDescendants(ServletContextHandler.class)).hasSize(1);
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/_matrix/app/v1/transactions/t1", ListenerFixture.TXN, listener.registration.hsToken())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void closingLetsARequestInProgressFinishAndAnswerItBeforeTheServerStops() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return call("POST", "/_mxbridge/testnet/slow", "{}", null);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertThat(slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofVirtual().start(listener.server::close);
        Server jetty = listener.server.jetty();
        for (int i = 0; i < 500 && !jetty.isStopping(); i++) {
            Thread.sleep(10);
        }
        assertThat(jetty.isStopping()).as("the server is stopping while the request is in progress").isTrue();
        Thread.sleep(300); // longer than an idle connection is kept while stopping: the busy one must not be cut
        assertThat(answer).isNotDone();

        slowReleased.countDown();

        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(answer.get().body()).isEqualTo("{\"done\":true}");
        closer.join(Duration.ofSeconds(10));
        assertThat(jetty.isStopped()).isTrue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
