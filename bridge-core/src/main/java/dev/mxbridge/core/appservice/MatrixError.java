package dev.mxbridge.core.appservice;

import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;

/** Writes the Matrix error body: {@code {"errcode": "...", "error": "..."}}. */
final class MatrixError {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MatrixError() {
    }

    static void send(Context ctx, int status, String errcode, String message) {
        ctx.status(status).contentType("application/json").result(body(errcode, message));
    }

    /** The error body, as UTF-8 JSON. */
    static byte[] body(String errcode, String message) {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("errcode", errcode).put("error", message));
    }
}
