package dev.mxbridge.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another application service on the test homeserver, as a production homeserver has (other bridges, bots): it
 * registers for every room without owning any ({@code rooms: [{regex: "!.*", exclusive: false}]}) and a user
 * namespace of its own, answers every transaction with 200, and counts what it received. With it, the homeserver
 * numbers transactions from one sequence for both services, so the bridge under test sees ids that skip.
 *
 * <pre>{@code
 * static final AppServiceReceiver other = AppServiceReceiver.start("other", DIR.resolve("other.yaml"));
 * @RegisterExtension
 * static Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml"))
 *         .registration(other.registrationFile()).build();
 * }</pre>
 *
 * <p>Threading: transactions are answered on the JDK HTTP server's thread; the counters may be read from any thread.
 */
public final class AppServiceReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Path registrationFile;
    private final String hsToken;
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    private final List<String> transactionIds = new ArrayList<>();

    private AppServiceReceiver(HttpServer server, Path registrationFile, String hsToken) {
        this.server = server;
        this.registrationFile = registrationFile;
        this.hsToken = hsToken;
    }

    /**
     * Listens on a free loopback port and writes a registration with id {@code id} (and users {@code @_id_.*}) to
     * {@code registrationFile}, for the homeserver to load.
     */
    public static AppServiceReceiver start(String id, Path registrationFile) {
        if (!id.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("id must match [a-z0-9]+, got " + id);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String hsToken = token();
            AppServiceReceiver receiver = new AppServiceReceiver(server, registrationFile, hsToken);
            server.createContext("/", receiver::handle);
            server.start();
            Files.createDirectories(registrationFile.toAbsolutePath().getParent());
            Files.writeString(registrationFile, """
                    id: %s
                    url: http://127.0.0.1:%d
                    as_token: %s
                    hs_token: %s
                    sender_localpart: _%s_bot
                    rate_limited: false
                    namespaces:
                      users: [{exclusive: true, regex: '@_%s_.*:localhost'}]
                      aliases: []
                      rooms: [{exclusive: false, regex: '!.*'}]
                    """.formatted(id, server.getAddress().getPort(), token(), hsToken, id, id));
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the application service receiver", e);
        }
    }

    /** The registration file to give the homeserver. */
    public Path registrationFile() {
        return registrationFile;
    }

    /** Transactions received (each id once). */
    public int transactions() {
        return transactions.get();
    }

    /** Events received in those transactions. */
    public int events() {
        return events.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                    ("Bearer " + hsToken).getBytes(StandardCharsets.UTF_8))) {
                answer(exchange, 403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"wrong hs_token\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("PUT") && path.startsWith("/_matrix/app/v1/transactions/")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                synchronized (transactionIds) {
                    if (!transactionIds.contains(id)) {
                        transactionIds.add(id);
                        transactions.incrementAndGet();
                        JsonNode txn = JSON.readTree(body);
                        events.addAndGet(txn.path("events").size());
                    }
                }
            }
            answer(exchange, 200, "{}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String token() {
        byte[] bytes = new byte[24];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
