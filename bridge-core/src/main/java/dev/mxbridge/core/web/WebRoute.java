package dev.mxbridge.core.web;

import java.util.Objects;
import java.util.Set;

/**
 * One endpoint: {@code method} and {@code path} (relative, e.g. {@code events} or {@code avatar/{token}}, where a
 * {@code {name}} segment becomes {@link WebRequest#pathParams()}) answered by {@code handler}.
 */
public record WebRoute(String method, String path, WebHandler handler) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

    public WebRoute {
        Objects.requireNonNull(handler, "handler");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", got " + method);
        }
        if (path.startsWith("/") || path.contains("..") || !path.matches("[A-Za-z0-9._~{}/-]*")) {
            throw new IllegalArgumentException("path must be relative, without '..', of [A-Za-z0-9._~{}/-]: " + path);
        }
    }

    public static WebRoute get(String path, WebHandler handler) {
        return new WebRoute("GET", path, handler);
    }

    public static WebRoute post(String path, WebHandler handler) {
        return new WebRoute("POST", path, handler);
    }

    /** What answers a request. Throwing answers 500 without details (and logs the exception). */
    @FunctionalInterface
    public interface WebHandler {
        WebResponse handle(WebRequest request) throws Exception;
    }
}
