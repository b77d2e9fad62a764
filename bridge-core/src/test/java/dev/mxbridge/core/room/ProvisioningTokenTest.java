package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client without a valid token cannot make the provisioning API call the homeserver once per request: the
 * homeserver here is a fake {@code openid/userinfo} that counts its calls and knows one token.
 */
class ProvisioningTokenTest {
    private static final String VALID = "validtokenABCDEFGHIJKLMNO";
    private static final String BUSY_ONCE = "busyonceABCDEFGHIJKLMNOP";
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicBoolean busyAnswered = new AtomicBoolean();
    private final HttpServer homeserver;

    @TempDir
    Path dir;

    ProvisioningTokenTest() throws IOException {
        homeserver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        homeserver.createContext("/_matrix/federation/v1/openid/userinfo", exchange -> {
            lookups.incrementAndGet();
            String query = exchange.getRequestURI().getQuery();
            boolean known = query.equals("access_token=" + VALID)
                    || query.equals("access_token=" + BUSY_ONCE) && busyAnswered.getAndSet(true);
            boolean busy = query.equals("access_token=" + BUSY_ONCE) && !known;
            byte[] body = (known ? "{\"sub\":\"@alice:example.org\"}"
                    : busy ? "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\"}"
                    : "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Access Token unknown or expired\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : busy ? 429 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        homeserver.start();
    }

    @AfterEach
    void stop() {
        homeserver.stop(0);
    }

    private ProvisioningApi api() throws Exception {
        BridgeConfig config = ConfigYaml.parse("""
                homeserver: {url: 'http://127.0.0.1:%d', domain: example.org}
                database: {url: 'jdbc:h2:file:%s'}
                """.formatted(homeserver.getAddress().getPort(), dir.resolve("bridge")), dir, Map.of(), "test");
        return new ProvisioningApi(null, null, config);
    }

    private static WebResponse whoami(ProvisioningApi api, String token, String address) throws Exception {
        WebRoute route = api.routes().stream().filter(r -> r.path().equals("whoami")).findFirst().orElseThrow();
        return route.handler().handle(new WebRequest("GET", "/_mxbridge/test/provision/v1/whoami", Map.of(), Map.of(),
                Map.of("authorization", "Bearer " + token), new byte[0], address));
    }

    @Test
    void aTokenThatCannotBeOneIsRefusedWithoutAskingTheHomeserver() throws Exception {
        ProvisioningApi api = api();
        for (String token : List.of("a".repeat(OpenIdTokens.MAX_LENGTH + 1), "not a token", "tok\u00e9n", "a%2Fb")) {
            assertThat(whoami(api, token, "192.0.2.1").status()).as(token).isEqualTo(401);
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aRefusedTokenIsRememberedAndAskedOnce() throws Exception {
        ProvisioningApi api = api();
        for (int i = 0; i < 5; i++) {
            assertThat(whoami(api, "wrongtoken", "192.0.2.1").status()).isEqualTo(401);
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void anAddressSendingFreshUnknownTokensGetsABoundedNumberOfLookupsThen429() throws Exception {
        ProvisioningApi api = api();
        for (int i = 0; i < OpenIdTokens.LOOKUPS_PER_MINUTE; i++) {
            assertThat(whoami(api, "random" + i, "192.0.2.1").status()).isEqualTo(401);
        }
        for (int i = 0; i < 50; i++) {
            WebResponse limited = whoami(api, "more" + i, "192.0.2.1");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(new String(limited.body(), StandardCharsets.UTF_8)).contains("M_LIMIT_EXCEEDED", "retry_after_ms");
        }
        assertThat(lookups).hasValue(OpenIdTokens.LOOKUPS_PER_MINUTE);

        // Another address has its own budget, and a valid token is confirmed once, then remembered.
        assertThat(api.user(VALID, request("198.51.100.7"))).hasValueSatisfying(u -> assertThat(u.value()).isEqualTo("@alice:example.org"));
        assertThat(api.user(VALID, request("198.51.100.7"))).isPresent();
        assertThat(lookups).hasValue(OpenIdTokens.LOOKUPS_PER_MINUTE + 1);
    }

    @Test
    void aHomeserverThatIsBusyDoesNotGetTheTokenRememberedAsRefused() throws Exception {
        ProvisioningApi api = api();
        assertThat(whoami(api, BUSY_ONCE, "192.0.2.1").status()).as("the homeserver answered 429").isEqualTo(401);
        assertThat(api.user(BUSY_ONCE, request("192.0.2.1"))).as("asked again, and confirmed").isPresent();
        assertThat(lookups).hasValue(2);
    }

    private static WebRequest request(String address) {
        return new WebRequest("GET", "/", Map.of(), Map.of(), Map.of(), new byte[0], address);
    }
}
