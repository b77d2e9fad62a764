package dev.mxbridge.testkit.telegram;

import java.util.Map;

/**
 * An error answer of the Bot API, thrown by a method handler and written as
 * {@code {"ok":false,"error_code":...,"description":...,"parameters":{...}}} with the same HTTP status.
 * The descriptions are the real server's (tdlib/telegram-bot-api {@code Client.cpp}) unless a factory says otherwise.
 */
final class ApiError extends RuntimeException {
    private final int code;
    private final Map<String, Long> parameters;

    ApiError(int code, String description, Map<String, Long> parameters) {
        super(description, null, false, false);
        this.code = code;
        this.parameters = Map.copyOf(parameters);
    }

    int code() {
        return code;
    }

    String description() {
        return getMessage();
    }

    /** {@code retry_after} or {@code migrate_to_chat_id}; empty for most errors. */
    Map<String, Long> parameters() {
        return parameters;
    }

    static ApiError badRequest(String what) {
        return new ApiError(400, "Bad Request: " + what, Map.of());
    }

    static ApiError forbidden(String what) {
        return new ApiError(403, "Forbidden: " + what, Map.of());
    }

    static ApiError tooManyRequests(long retryAfterSeconds) {
        return new ApiError(429, "Too Many Requests: retry after " + retryAfterSeconds,
                Map.of("retry_after", retryAfterSeconds));
    }

    static ApiError migrated(long supergroupId) {
        return new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                Map.of("migrate_to_chat_id", supergroupId));
    }

    /** What api.telegram.org answers for an unknown token (the self-hosted server adds ": invalid token specified"). */
    static ApiError unauthorized() {
        return new ApiError(401, "Unauthorized", Map.of());
    }

    /** What api.telegram.org answers for an unknown method (the self-hosted server adds ": method not found"). */
    static ApiError notFound() {
        return new ApiError(404, "Not Found", Map.of());
    }

    static ApiError conflict(String what) {
        return new ApiError(409, "Conflict: " + what, Map.of());
    }

    /** The public server's upload limit is enforced by its HTTP front end, which answers without a prefix. */
    static ApiError entityTooLarge() {
        return new ApiError(413, "Request Entity Too Large", Map.of());
    }
}
