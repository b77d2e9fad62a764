package dev.mxbridge.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;

/**
 * A homeserver that answers every Client-Server call a bridge makes at once, with plausible JSON, and keeps no
 * state but the rooms it created: the bridging benchmark's "homeserver excluded" baseline. Each message send is
 * reported to a listener with the raw request body, at the moment it was read, so the driver can time a message from
 * the remote network to the homeserver's door. Counts calls by kind, so a run can show what the bridge asked for.
 */
final class HomeserverStub implements AutoCloseable {
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final String domain;
    private final AtomicLong rooms = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, String> roomsByAlias = new ConcurrentHashMap<>();
    private volatile ObjLongConsumer<String> onMessage = (body, nanos) -> { };

    private HomeserverStub(HttpServer server, String domain) {
        this.server = server;
        this.domain = domain;
    }

    /** Listens on 127.0.0.1 (a free port). */
    static HomeserverStub start(String domain) throws IOException {
        // Without it the JDK server's small writes meet delayed ACKs: 40 ms stalls on keep-alive connections.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        HomeserverStub stub = new HomeserverStub(server, domain);
        server.createContext("/", stub::handle);
        server.setExecutor(null); // answers on the server's own thread: no hand-off, every answer is immediate
        server.start();
        return stub;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The room created with {@code room_alias_name} {@code localpart}, if any. */
    Optional<String> roomByAlias(String localpart) {
        return Optional.ofNullable(roomsByAlias.get(localpart));
    }

    /** Called with the request body of every {@code m.room.message} sent and the time it was read. */
    void onMessage(ObjLongConsumer<String> listener) {
        this.onMessage = listener;
    }

    /** Calls answered so far, by kind ({@code PUT send}, {@code POST register}, ...). */
    Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long arrived = System.nanoTime();
            String[] seg = path.split("/");
            String kind = kind(method, seg);
            calls.computeIfAbsent(kind, k -> new LongAdder()).increment();
            switch (kind) {
                case "PUT send" -> {
                    if (seg.length > 7 && seg[7].equals("m.room.message")) {
                        onMessage.accept(new String(body, StandardCharsets.UTF_8), arrived);
                    }
                    answer(exchange, 200, "{\"event_id\":\"$" + events.incrementAndGet() + "\"}");
                }
                case "POST register" -> answer(exchange, 200, "{\"user_id\":\"@"
                        + field(new String(body, StandardCharsets.UTF_8), "username") + ":" + domain + "\"}");
                case "POST createRoom" -> {
                    String room = "!r" + rooms.incrementAndGet() + ":" + domain;
                    String alias = field(new String(body, StandardCharsets.UTF_8), "room_alias_name");
                    if (!alias.isEmpty()) {
                        roomsByAlias.put(alias, room);
                    }
                    answer(exchange, 200, "{\"room_id\":\"" + room + "\"}");
                }
                case "PUT directory" -> { // seg: "", _matrix, client, v3, directory, room, {alias}
                    String alias = decode(seg[seg.length - 1]).replaceFirst("^#([^:]*):.*$", "$1");
                    roomsByAlias.put(alias, field(new String(body, StandardCharsets.UTF_8), "room_id"));
                    answer(exchange, 200, "{}");
                }
                case "POST join" -> answer(exchange, 200, "{\"room_id\":\"" + decode(seg[seg.length - 1]) + "\"}");
                case "POST rooms/join" -> answer(exchange, 200, "{\"room_id\":\"" + decode(seg[5]) + "\"}");
                case "GET state m.room.member" -> answer(exchange, 200, "{\"membership\":\"join\",\"displayname\":\"User "
                        + decode(seg[seg.length - 1]).replaceFirst("^@([^:]*):.*$", "$1") + "\"}");
                case "GET state" -> answer(exchange, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Event not found\"}");
                case "GET joined_members" -> answer(exchange, 200, "{\"joined\":{}}");
                case "PUT state", "PUT redact" -> answer(exchange, 200, "{\"event_id\":\"$" + events.incrementAndGet() + "\"}");
                case "POST upload" -> answer(exchange, 200, "{\"content_uri\":\"mxc://" + domain + "/m" + events.incrementAndGet() + "\"}");
                case "POST ping" -> answer(exchange, 200, "{\"duration_ms\":1}");
                default -> answer(exchange, 200, null);
            }
        }
    }

    /** A short name for the call, from the Client-Server API path. */
    private static String kind(String method, String[] seg) {
        // seg: "", "_matrix", "client", "v3", ...
        if (seg.length < 5 || !seg[1].equals("_matrix")) {
            return method + " ?" + String.join("/", seg);
        }
        String what = seg[4];
        if (what.equals("rooms") && seg.length > 6) {
            return switch (seg[6]) {
                case "send", "redact", "joined_members", "invite", "leave", "kick", "ban", "typing", "receipt" ->
                        method + " " + seg[6];
                case "join" -> method + " rooms/join";
                case "state" -> seg.length > 7 && seg[7].equals("m.room.member") && method.equals("GET")
                        ? "GET state m.room.member" : method + " state";
                default -> method + " rooms/" + seg[6];
            };
        }
        if (what.equals("appservice")) {
            return method + " ping";
        }
        if (what.equals("profile")) {
            return method + " profile";
        }
        return method + " " + what;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json == null ? EMPTY : json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return "";
        }
        int start = at + key.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
