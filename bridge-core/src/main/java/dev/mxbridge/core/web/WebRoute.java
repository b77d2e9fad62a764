package dev.mxbridge.core.web;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint: {@code method} and {@code path} (relative, e.g. {@code events} or {@code avatar/{token}}, where a
 * {@code {name}} segment becomes {@link WebRequest#pathParams()}) answered by {@code handler}. A {@code guard} sees the
 * request before its body is read and may refuse it (a secret in a header, a signature's shape), so an
 * unauthenticated client cannot make the listener read and hold a body; {@code maxBodyBytes} caps the body below the
 * listener's limit (0: the listener's limit), a larger one answered 413 without the handler.
 */
public record WebRoute(String method, String path, WebHandler handler, Guard guard, long maxBodyBytes) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

    public WebRoute {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(guard, "guard");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", got " + method);
        }
        if (path.startsWith("/") || path.contains("..") || !path.matches("[A-Za-z0-9._~{}/-]*")) {
            throw new IllegalArgumentException("path must be relative, without '..', of [A-Za-z0-9._~{}/-]: " + path);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative");
        }
    }

    /** An endpoint without a guard, its body limited by the listener only. */
    public WebRoute(String method, String path, WebHandler handler) {
        this(method, path, handler, Guard.NONE, 0);
    }

    public static WebRoute get(String path, WebHandler handler) {
        return new WebRoute("GET", path, handler);
    }

    public static WebRoute post(String path, WebHandler handler) {
        return new WebRoute("POST", path, handler);
    }

    /** This endpoint, with {@code guard} checking each request before its body is read. */
    public WebRoute guardedBy(Guard guard) {
        return new WebRoute(method, path, handler, guard, maxBodyBytes);
    }

    /** This endpoint, taking bodies of at most {@code bytes} (413 beyond, the handler not called). */
    public WebRoute maxBody(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the body limit must be positive");
        }
        return new WebRoute(method, path, handler, guard, bytes);
    }

    /** What answers a request. Throwing answers 500 without details (and logs the exception). */
    @FunctionalInterface
    public interface WebHandler {
        WebResponse handle(WebRequest request) throws Exception;
    }

    /**
     * Looks at a request before its body is read: its method, path, query, headers and address ({@link
     * WebRequest#body()} is empty). Must be quick and must not block. Throwing answers 500, as a handler's does.
     */
    @FunctionalInterface
    public interface Guard {
        /** Takes every request. */
        Guard NONE = request -> Optional.empty();

        /** The answer that refuses the request, or empty to read its body and hand it to the handler. */
        Optional<WebResponse> refuse(WebRequest withoutBody) throws Exception;
    }
}
