package dev.mxbridge.testkit.telegram;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Bot API request's parameters from the four places the API documents: the query string,
 * {@code application/x-www-form-urlencoded}, {@code application/json} and {@code multipart/form-data}.
 */
final class RequestReader {
    private RequestReader() {
    }

    /**
     * @throws ApiError 413 when the body is larger than {@code limit} (the body is read to its end first, so the
     *                  client sees the answer rather than a broken pipe), 400 when it cannot be parsed
     */
    static Params read(HttpExchange exchange, long limit) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Params.Upload> files = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            parseForm(query, values);
        }
        byte[] body = readBody(exchange.getRequestBody(), limit);
        if (body.length == 0) {
            return new Params(values, files);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/x-www-form-urlencoded" -> parseForm(new String(body, StandardCharsets.UTF_8), values);
            case "application/json" -> parseJson(body, values);
            case "multipart/form-data" -> Multipart.parse(body, Multipart.boundary(contentType)
                    .orElseThrow(() -> ApiError.badRequest("can't parse multipart/form-data request")), values, files);
            default -> {
                // the real server ignores a body it does not understand
            }
        }
        return new Params(values, files);
    }

    private static byte[] readBody(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total <= limit) {
                out.write(buffer, 0, n);
            }
        }
        if (total > limit) {
            throw ApiError.entityTooLarge();
        }
        return out.toByteArray();
    }

    static void parseForm(String form, Map<String, String> values) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    /** Top-level fields become parameters; nested objects and arrays stay JSON text, as the real server keeps them. */
    private static void parseJson(byte[] body, Map<String, String> values) {
        JsonNode root;
        try {
            root = Params.JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest("can't parse JSON encoded request");
        }
        if (!root.isObject()) {
            throw ApiError.badRequest("can't parse JSON encoded request");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            values.put(field.getKey(), value.isContainer() ? Params.JSON.writeValueAsString(value) : value.asString());
        }
    }
}
