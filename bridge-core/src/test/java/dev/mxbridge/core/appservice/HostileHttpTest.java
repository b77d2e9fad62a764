package dev.mxbridge.core.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AS listener under hostile clients (issue 14's HTTP review; the table is in docs/reliability.md): every
 * homeserver route without and with a wrong token, bodies over the limit with and without a length, bodies that
 * trickle in, wrong content types, and one transaction id sent many times at once.
 */
class HostileHttpTest {
    private static final int LIMIT = 4096;
    private static final String TXN = ListenerFixture.TXN;

    @TempDir
    Path dir;
    ListenerFixture listener;
    final AtomicInteger hookCalls = new AtomicInteger();

    @BeforeEach
    void start() {
        WebRoute.WebHandler hook = r -> {
            hookCalls.incrementAndGet();
            return WebResponse.text(200, "got " + r.body().length);
        };
        List<WebRoute> routes = List.of(WebRoute.post("hook", hook), WebRoute.post("guarded", hook)
                .guardedBy(r -> r.header("X-Secret").filter("open sesame"::equals).isPresent() ? Optional.empty()
                        : Optional.of(WebResponse.empty(401)))
                .maxBody(16));
        listener = new ListenerFixture(dir, new QueryHandler() { }, routes, LIMIT);
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    static Stream<String[]> homeserverRoutes() {
        return Stream.of(
                new String[] {"PUT", "/_matrix/app/v1/transactions/1"}, new String[] {"PUT", "/transactions/1"},
                new String[] {"GET", "/_matrix/app/v1/users/%40_test_a%3Alocalhost"}, new String[] {"GET", "/users/%40_test_a%3Alocalhost"},
                new String[] {"GET", "/_matrix/app/v1/rooms/%23_test_a%3Alocalhost"}, new String[] {"GET", "/rooms/%23_test_a%3Alocalhost"},
                new String[] {"GET", "/_matrix/app/v1/thirdparty/protocol/testnet"},
                new String[] {"GET", "/_matrix/app/unstable/thirdparty/protocol/testnet"},
                new String[] {"GET", "/_matrix/app/v1/thirdparty/location/testnet"},
                new String[] {"GET", "/_matrix/app/v1/thirdparty/user/testnet"},
                new String[] {"GET", "/_matrix/app/v1/thirdparty/location?alias=%23a%3Ab"},
                new String[] {"GET", "/_matrix/app/v1/thirdparty/user?userid=%40a%3Ab"},
                new String[] {"POST", "/_matrix/app/v1/ping"});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("homeserverRoutes")
    void everyHomeserverRouteRefusesAMissingOrWrongTokenBeforeReadingAnything(String method, String path) throws Exception {
        assertThat(call(method, path, TXN, null).statusCode()).isEqualTo(401);
        assertThat(call(method, path, TXN, "Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(call(method, path, TXN, "Basic " + listener.registration.hsToken()).statusCode()).isEqualTo(401);
        assertThat(call(method, path + (path.contains("?") ? "&" : "?") + "access_token=wrong", TXN, null).statusCode())
                .isEqualTo(403);
        assertThat(listener.handled).isEmpty();
    }

    @Test
    void aChunkedTransactionOverTheLimitIs413AndNotStored() throws Exception {
        String answer = raw("PUT /_matrix/app/v1/transactions/big HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + listener.registration.hsToken() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunked("{\"events\":[],\"pad\":\"" + "x".repeat(LIMIT * 4) + "\"}"));
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(call("PUT", "/_matrix/app/v1/transactions/big", TXN, "Bearer " + listener.registration.hsToken()).statusCode())
                .as("the refused id was not remembered").isEqualTo(200);
    }

    @Test
    void aNetworkEndpointGetsNoBodyOverTheLimitWithOrWithoutALength() throws Exception {
        String body = "x".repeat(LIMIT * 4);
        assertThat(raw("POST /_mxbridge/testnet/hook HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n",
                body.getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 413");
        assertThat(raw("POST /_mxbridge/testnet/hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunked(body))).startsWith("HTTP/1.1 413");
        assertThat(hookCalls).as("the handler never saw them").hasValue(0);
        assertThat(raw("POST /_mxbridge/testnet/hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunked("small"))).startsWith("HTTP/1.1 200").endsWith("got 5");
    }

    @Test
    void aGuardRefusesBeforeTheBodyIsRead() throws Exception {
        // The body is announced and never sent: only an answer given before reading it can arrive (else 30 s idle).
        try (Socket socket = new Socket("127.0.0.1", listener.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /_mxbridge/testnet/guarded HTTP/1.1\r\nHost: x\r\nX-Secret: wrong\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(read(socket.getInputStream())).startsWith("HTTP/1.1 401");
        }
        assertThat(hookCalls).hasValue(0);
        assertThat(raw("POST /_mxbridge/testnet/guarded HTTP/1.1\r\nHost: x\r\nX-Secret: open sesame\r\nContent-Length: 5\r\n\r\n",
                "small".getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 200").endsWith("got 5");
    }

    @Test
    void aRouteOwnBodyLimitIs413WithOrWithoutALength() throws Exception {
        String head = "POST /_mxbridge/testnet/guarded HTTP/1.1\r\nHost: x\r\nX-Secret: open sesame\r\n";
        String body = "x".repeat(17);
        assertThat(raw(head + "Content-Length: 17\r\n\r\n", body.getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 413");
        assertThat(raw(head + "Transfer-Encoding: chunked\r\n\r\n", chunked(body))).startsWith("HTTP/1.1 413");
        assertThat(hookCalls).as("the handler never saw them").hasValue(0);
        assertThat(raw(head + "Transfer-Encoding: chunked\r\n\r\n", chunked("x".repeat(16))))
                .startsWith("HTTP/1.1 200").endsWith("got 16");
    }

    @Test
    void aBodyThatTricklesInIsCutOffAndFreesItsThread() throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", listener.server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /_matrix/app/v1/transactions/slow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + listener.registration.hsToken() + "\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = "";
            // One byte every 200 ms: a client this slow would hold a request thread for 200 s.
            for (int i = 0; i < 100 && answer.isEmpty(); i++) {
                Thread.sleep(200);
                try {
                    out.write(' ');
                    out.flush();
                } catch (SocketException closed) {
                    break;
                }
                if (socket.getInputStream().available() > 0) {
                    answer = read(socket.getInputStream());
                }
            }
            if (answer.isEmpty()) {
                answer = read(socket.getInputStream());
            }
            assertThat(answer).as("cut off with a 408, not left to finish").startsWith("HTTP/1.1 408");
        } catch (SocketException reset) {
            // also cut off
        }
        // Jetty's idle timeout alone (30 s between bytes) would let it go on for the whole 20 s and more.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(call("PUT", "/_matrix/app/v1/transactions/slow", TXN, "Bearer " + listener.registration.hsToken()).statusCode())
                .as("the cut-off id was not remembered").isEqualTo(200);
    }

    @Test
    void theContentTypeIsNotTrustedTheBodyMustBeJsonWhateverItClaims() throws Exception {
        var asText = listener.http.send(HttpRequest.newBuilder(listener.uri("/_matrix/app/v1/transactions/t1")).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + listener.registration.hsToken()).PUT(HttpRequest.BodyPublishers.ofString(TXN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asText.statusCode()).isEqualTo(200);
        var form = listener.http.send(HttpRequest.newBuilder(listener.uri("/_matrix/app/v1/transactions/t2"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + listener.registration.hsToken())
                .PUT(HttpRequest.BodyPublishers.ofString("events=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("M_NOT_JSON");
        var multipart = listener.http.send(HttpRequest.newBuilder(listener.uri("/_matrix/app/v1/transactions/t3"))
                .header("Content-Type", "multipart/form-data; boundary=b").header("Authorization", "Bearer " + listener.registration.hsToken())
                .PUT(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(400);
    }

    @Test
    void oneTransactionIdSentManyTimesAtOnceIsHandledExactlyOnce() throws Exception {
        int senders = 32;
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                String txn = "dup" + round;
                String body = TXN.replace("$e1", "$dup" + round);
                for (int i = 0; i < senders; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return call("PUT", "/_matrix/app/v1/transactions/" + txn, body, "Bearer " + listener.registration.hsToken()).statusCode();
                    }));
                }
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        for (int i = 0; i < 500 && listener.handled.size() < 5; i++) {
            Thread.sleep(10);
        }
        // A marker after them: once it is listener.handled, any duplicate would have been too (one journal, in order).
        assertThat(call("PUT", "/_matrix/app/v1/transactions/marker", TXN.replace("$e1", "$marker"),
                "Bearer " + listener.registration.hsToken()).statusCode()).isEqualTo(200);
        for (int i = 0; i < 500 && listener.handled.stream().noneMatch(e -> e.eventId().orElse("").equals("$marker")); i++) {
            Thread.sleep(10);
        }
        assertThat(listener.handled).extracting(e -> e.eventId().orElseThrow())
                .containsExactlyInAnyOrder("$dup0", "$dup1", "$dup2", "$dup3", "$dup4", "$marker");
    }

    @Test
    void operatorEndpointsNeedNoTokenAndIgnoreOne() throws Exception {
        for (String path : List.of("/health", "/ready", "/metrics")) {
            assertThat(call("GET", path, null, null).statusCode()).isEqualTo(200);
            assertThat(call("GET", path, null, "Bearer wrong").statusCode()).isEqualTo(200);
            assertThat(call("POST", path, "x", null).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        assertThat(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "x".repeat(64 * 1024) + "\r\n\r\n", new byte[0]))
                .startsWith("HTTP/1.1 431");
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        return listener.call(method, path, body, authorization);
    }

    /** Sends a request as raw bytes and returns the answer, or what arrived before the server closed. */
    private String raw(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (SocketException closedEarly) {
                // the server may answer and close before the body is through; read what it said
            }
            return read(socket.getInputStream());
        }
    }

    /** Reads one response (Connection: close not assumed): up to the end of its Content-Length body. */
    private static String read(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int headEnd = -1;
        long length = -1;
        try {
            int b;
            while ((b = in.read()) != -1) {
                text.append((char) b);
                if (headEnd < 0 && text.length() >= 4 && text.substring(text.length() - 4).equals("\r\n\r\n")) {
                    headEnd = text.length();
                    var m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
                    length = m.find() ? Long.parseLong(m.group(1)) : -1;
                    if (length <= 0) {
                        break;
                    }
                }
                if (headEnd >= 0 && text.length() - headEnd >= length) {
                    break;
                }
            }
        } catch (SocketException reset) {
            // what arrived before the reset
        }
        return text.toString();
    }

    private static byte[] chunked(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i += 1000) {
            String part = body.substring(i, Math.min(body.length(), i + 1000));
            out.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
