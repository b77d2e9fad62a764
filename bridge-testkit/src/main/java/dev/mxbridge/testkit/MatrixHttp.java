package dev.mxbridge.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to a homeserver, with a timeout on every call and Matrix errors turned into exceptions. */
final class MatrixHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    // One client for all test users: each HttpClient owns a selector thread.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI baseUrl;
    private final Optional<String> accessToken;

    MatrixHttp(URI baseUrl, Optional<String> accessToken) {
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
    }

    URI baseUrl() {
        return baseUrl;
    }

    JsonNode get(String pathAndQuery) {
        return send("GET", pathAndQuery, Optional.empty());
    }

    JsonNode post(String pathAndQuery, Object body) {
        return send("POST", pathAndQuery, Optional.of(body));
    }

    JsonNode put(String pathAndQuery, Object body) {
        return send("PUT", pathAndQuery, Optional.of(body));
    }

    /** Sends {@code body} (anything Jackson can write) as JSON and returns the parsed response. */
    JsonNode send(String method, String pathAndQuery, Optional<Object> body) {
        return send(method, pathAndQuery, body.map(JSON::writeValueAsBytes), "application/json");
    }

    /** Posts raw bytes (a media upload) and returns the parsed response. */
    JsonNode postBytes(String pathAndQuery, byte[] bytes, String contentType) {
        return send("POST", pathAndQuery, Optional.of(bytes), contentType);
    }

    private JsonNode send(String method, String pathAndQuery, Optional<byte[]> body, String contentType) {
        String request = method + " " + pathAndQuery;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stripSlash(baseUrl) + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", "application/json");
        accessToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        builder.method(method, body.map(HttpRequest.BodyPublishers::ofByteArray).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(b -> builder.header("Content-Type", contentType));
        HttpResponse<String> response;
        try {
            response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TestKitException(request + " to " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestKitException(request + " interrupted", e);
        }
        return parse(request, response.statusCode(), response.body());
    }

    static JsonNode parse(String request, int status, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (JacksonException e) {
            json = null;
        }
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        String errcode = json != null && json.path("errcode").isString() ? json.path("errcode").asString() : null;
        String error = json != null && json.path("error").isString() ? json.path("error").asString() : null;
        throw new MatrixException(request, status, errcode, error, body);
    }

    /** A string field the homeserver must have sent. */
    static String string(JsonNode response, String field) {
        JsonNode value = response.path(field);
        if (!value.isString()) {
            throw new TestKitException("the homeserver's response lacks the string " + field + ": " + response);
        }
        return value.asString();
    }

    /** Percent-encodes one path segment: room ids, aliases and user ids carry {@code ! # @ :} and more. */
    static String segment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String stripSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
