package dev.mxbridge.testkit.telegram;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side: {@code /bot<token>/<method>} for the API and {@code /file/bot<token>/<file_path>} for downloads,
 * on 127.0.0.1. Authenticates the token, finds the method (case-insensitively, as Telegram does), reads the
 * parameters, runs the method under the World lock, records the call and writes the answer. One virtual thread per
 * request, so long polls cost nothing.
 */
final class ApiServer {
    private final World world;
    private final Map<String, ApiMethod> methods;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ApiServer(World world, Map<String, ApiMethod> methods) throws IOException {
        this.world = world;
        this.methods = methods;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/file/bot")) {
                serveFile(exchange, path.substring("/file/bot".length()));
            } else if (path.startsWith("/bot")) {
                call(exchange, path.substring("/bot".length()));
            } else {
                writeError(exchange, ApiError.notFound());
            }
        }
    }

    private void call(HttpExchange exchange, String tokenAndMethod) throws IOException {
        int slash = tokenAndMethod.indexOf('/');
        String token = URLDecoder.decode(slash < 0 ? tokenAndMethod : tokenAndMethod.substring(0, slash),
                StandardCharsets.UTF_8);
        String method = slash < 0 ? "" : tokenAndMethod.substring(slash + 1);
        Optional<BotState> bot = world.locked(() -> Optional.ofNullable(world.botsByToken.get(token)));
        if (bot.isEmpty()) {
            writeError(exchange, ApiError.unauthorized());
            return;
        }
        ApiMethod handler = methods.get(method.toLowerCase(Locale.ROOT));
        if (handler == null) {
            writeError(exchange, ApiError.notFound());
            return;
        }
        Instant at = world.now();
        Params params = Params.of(Map.of());
        try {
            params = RequestReader.read(exchange, world.uploadLimit);
            Params request = params;
            Answer answer = world.locked(() -> {
                Optional<ApiError> forced = world.forcedError(method);
                if (forced.isPresent()) {
                    throw forced.get();
                }
                return handler.call(bot.get(), request);
            });
            record(method, bot.get(), params, at, Optional.empty());
            ObjectNode body = Render.object();
            body.put("ok", true);
            body.set("result", answer.result());
            if (!answer.description().isEmpty()) {
                body.put("description", answer.description());
            }
            write(exchange, 200, "application/json", Params.JSON.writeValueAsBytes(body));
        } catch (ApiError e) {
            record(method, bot.get(), params, at, Optional.of(e));
            writeError(exchange, e);
        }
    }

    private void record(String method, BotState bot, Params params, Instant at, Optional<ApiError> error) {
        Optional<Long> chatId;
        try {
            chatId = params.get("chat_id").map(Long::parseLong);
        } catch (NumberFormatException e) {
            chatId = Optional.empty();
        }
        RecordedCall call = new RecordedCall(method, bot.id(), params.values(), params.fileNames(), chatId, at,
                error.map(ApiError::code).orElse(200), error.map(ApiError::description).orElse(""));
        world.locked(() -> world.calls.add(call));
        world.onCall.accept(call);
    }

    private void serveFile(HttpExchange exchange, String tokenAndPath) throws IOException {
        int slash = tokenAndPath.indexOf('/');
        String token = URLDecoder.decode(slash < 0 ? tokenAndPath : tokenAndPath.substring(0, slash),
                StandardCharsets.UTF_8);
        String filePath = slash < 0 ? "" : URLDecoder.decode(tokenAndPath.substring(slash + 1), StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        boolean known = world.locked(() -> world.botsByToken.containsKey(token));
        if (!known) {
            writeError(exchange, ApiError.unauthorized());
            return;
        }
        Optional<StoredFile> file = world.locked(() -> world.files.byPath(filePath));
        if (file.isEmpty()) {
            writeError(exchange, ApiError.notFound());
            return;
        }
        String type = file.get().mimeType().isEmpty() ? "application/octet-stream" : file.get().mimeType();
        write(exchange, 200, type, file.get().bytes());
    }

    private static void writeError(HttpExchange exchange, ApiError error) throws IOException {
        ObjectNode body = Render.object();
        body.put("ok", false);
        body.put("error_code", error.code());
        body.put("description", error.description());
        if (!error.parameters().isEmpty()) {
            ObjectNode parameters = body.putObject("parameters");
            error.parameters().forEach(parameters::put);
        }
        write(exchange, error.code(), "application/json", Params.JSON.writeValueAsBytes(body));
    }

    private static void write(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
