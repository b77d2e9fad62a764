package dev.mxbridge.core.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An endpoint's answer.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type ({@code ""} for none)
 * @param body        the body
 * @param headers     more headers (e.g. {@code Location}, {@code Cache-Control})
 */
public record WebResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public WebResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = Map.copyOf(headers);
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static WebResponse json(int status, String json) {
        return new WebResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static WebResponse bytes(int status, String contentType, byte[] body) {
        return new WebResponse(status, contentType, body, Map.of());
    }

    /** 302 to {@code location}. */
    public static WebResponse redirect(URI location) {
        return new WebResponse(302, "", new byte[0], Map.of("Location", location.toString()));
    }

    /** A status without a body. */
    public static WebResponse empty(int status) {
        return new WebResponse(status, "", new byte[0], Map.of());
    }
}
