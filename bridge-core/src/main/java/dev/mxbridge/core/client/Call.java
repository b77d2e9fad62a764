package dev.mxbridge.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One Client-Server API request as the client describes it, before any attempt. Not thread-safe; used once. */
final class Call {

    /** Whether an attempt whose outcome is unknown (timeout, reset, 5xx) may be repeated. */
    enum Safety { IDEMPOTENT, UNSAFE }

    final String method;
    final String path;
    final List<String[]> query = new ArrayList<>();
    byte[] body;
    String contentType;
    Safety safety = Safety.IDEMPOTENT;
    boolean slow;
    boolean anonymous;

    private Call(String method, String path) {
        this.method = method;
        this.path = path;
    }

    static Call get(String path) {
        return new Call("GET", path);
    }

    static Call put(String path) {
        return new Call("PUT", path);
    }

    static Call post(String path) {
        return new Call("POST", path);
    }

    static Call delete(String path) {
        return new Call("DELETE", path);
    }

    Call query(String name, String value) {
        query.add(new String[] {name, Objects.requireNonNull(value, name)});
        return this;
    }

    Call body(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
        return this;
    }

    /** Not retried once it may have reached the homeserver. */
    Call unsafe() {
        safety = Safety.UNSAFE;
        return this;
    }

    /** Sent without the {@code Authorization} header (a login). */
    Call anonymous() {
        anonymous = true;
        return this;
    }

    /** Uses the long request timeout. */
    Call slow() {
        slow = true;
        return this;
    }

    String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder s = new StringBuilder(path);
        char sep = '?';
        for (String[] q : query) {
            s.append(sep).append(Paths.encode(q[0])).append('=').append(Paths.encode(q[1]));
            sep = '&';
        }
        return s.toString();
    }

    Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }
}
